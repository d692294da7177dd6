/// The checks every AMI field built from rules passes before it is sent.
///
/// Asterisk splits each `Variable:` header of `Originate` into `name=value` items with `AST_STANDARD_APP_ARGS`
/// (`man_do_variable_value` in `main/manager.c`, `__ast_app_separate_args` in `main/app.c`): a `,` outside quotes,
/// parentheses and brackets starts another item, `"` and `\` are removed (quoting and escaping), and a name ending
/// in `)` is a dialplan function write (`x,DB(bl/1)=0` sets an AstDB key). Values are refused rather than quoted:
/// a value holding none of `, " ( ) \` NUL CR LF reaches the channel byte for byte, and a variable later expanded
/// into dialplan application arguments (`Dial(${X})`) is split by the same parser. The same set is refused in
/// `Setvar` values, channels, contexts and extensions; caller ID keeps its `"Name" <number>` syntax (only NUL, CR
/// and LF are refused).
public enum AMIFieldCheck {
    /// Checks a channel variable name: `[A-Za-z_][A-Za-z0-9_]*` (``AMIVariable/isValidName(_:)``).
    public static func variableName(_ name: String, field: String) throws(AMIFieldError) {
        guard AMIVariable.isValidName(name) else { throw .invalidVariableName(field: field) }
    }

    /// Checks a value Asterisk may split or unquote: none of `, " ( ) \` NUL CR LF.
    public static func value(_ value: String, field: String) throws(AMIFieldError) {
        for byte in value.utf8 {
            if let reason = splitterMeaning(byte) {
                throw .unsafeCharacter(field: field, character: shown(byte), why: reason)
            }
        }
    }

    /// Checks a `Variable:` value: a value (see ``value(_:field:)``) that does not end in a space or tab, which
    /// Asterisk strips (the encoder refuses the same, ``AMIVariable``).
    public static func variableValue(_ value: String, field: String) throws(AMIFieldError) {
        try Self.value(value, field: field)
        if let last = value.utf8.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            throw .unsafeCharacter(field: field, character: "trailing whitespace", why: "Asterisk strips")
        }
    }

    /// Checks a channel: a value (see ``value(_:field:)``) that does not start with `/`.
    public static func channel(_ channel: String, field: String) throws(AMIFieldError) {
        if channel.utf8.first == UInt8(ascii: "/") { throw .channelPattern(field: field) }
        try value(channel, field: field)
    }

    /// Checks a caller ID (`"Name" <number>`): no NUL, CR or LF.
    public static func callerID(_ callerID: String, field: String) throws(AMIFieldError) {
        for byte in callerID.utf8 where byte == 0 || byte == 0x0A || byte == 0x0D {
            throw .unsafeCharacter(field: field, character: shown(byte), why: "ends an AMI header line")
        }
    }

    static func splitterMeaning(_ byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: ","): "Asterisk splits on (another variable or argument)"
        case UInt8(ascii: "("), UInt8(ascii: ")"): "Asterisk reads as a function call or nesting"
        case UInt8(ascii: "\""): "Asterisk removes as quoting"
        case UInt8(ascii: "\\"): "Asterisk removes as an escape"
        case 0, 0x0A, 0x0D: "ends an AMI header line"
        default: nil
        }
    }

    static func shown(_ byte: UInt8) -> String {
        switch byte {
        case 0: "NUL"
        case 0x0A: "LF"
        case 0x0D: "CR"
        default: "'\(Character(Unicode.Scalar(byte)))'"
        }
    }
}
