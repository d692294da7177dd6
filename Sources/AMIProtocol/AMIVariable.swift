/// What a channel variable may be when an action sets or reads one (`Variable:` of Originate, Setvar, Getvar).
///
/// Asterisk parses an Originate's `Variable: NAME=VALUE` loosely (manager.c `astman_get_variables_order`,
/// app.c `__ast_app_separate_args`): the line is split on `,` into up to 64 assignments, double quotes are removed,
/// a backslash escapes the next character, and a comma inside `(…)` does not split. A name ending in `)` does not
/// set a variable: it writes a dialplan function (`DB(x)=1`, `SHELL(…)`). So a value carrying `,` sets a second,
/// unwanted variable, and a name that is not a plain identifier can reach any function. Rather than trying to
/// quote for that parser, the encoder refuses everything it would read differently from what was meant:
///
/// - a name is `[A-Za-z_][A-Za-z0-9_]*` (one or two leading `_` make it inherited, as Asterisk intends);
/// - a value holds none of `,` `"` `(` `)` `\` NUL (CR and LF are refused in every header), and does not end in a
///   space or tab (Asterisk strips it).
///
/// What passes is read by Asterisk as exactly one variable with exactly that value.
public enum AMIVariable {
    /// The characters a value may not hold, as they are named in errors.
    static let forbiddenValueBytes: [UInt8: String] = [
        UInt8(ascii: ","): "','", UInt8(ascii: "\""): "'\"'", UInt8(ascii: "("): "'('",
        UInt8(ascii: ")"): "')'", UInt8(ascii: "\\"): "'\\'", 0: "NUL",
    ]

    /// Whether `name` is a plain variable name.
    public static func isValidName(_ name: some StringProtocol) -> Bool {
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), isLetter(first) || first == UInt8(ascii: "_") else { return false }
        while let byte = bytes.next() {
            guard isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") else { return false }
        }
        return true
    }

    /// The forbidden character `value` holds first (named as in errors), or nil when it may be sent.
    public static func forbiddenCharacter(in value: some StringProtocol) -> String? {
        for byte in value.utf8 {
            if let named = forbiddenValueBytes[byte] { return named }
        }
        return nil
    }

    /// Checks a `Variable:` header of `action`: a bare name for Setvar and Getvar, `NAME=VALUE` for any other action.
    static func validate(_ header: String, action: String) throws(AMIActionError) {
        let lowered = action.lowercased()
        guard lowered != "setvar" && lowered != "getvar" else {
            guard isValidName(header) else { throw .invalidVariableName(action: action, name: header) }
            return
        }
        guard let equals = header.utf8.firstIndex(of: UInt8(ascii: "=")) else {
            throw .invalidVariableName(action: action, name: header)
        }
        let name = String(header[..<equals])
        guard isValidName(name) else { throw .invalidVariableName(action: action, name: name) }
        let value = header[header.index(after: equals)...]
        if let character = forbiddenCharacter(in: value) {
            throw .invalidVariableValue(action: action, name: name, character: character)
        }
        if let last = value.utf8.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            throw .invalidVariableValue(action: action, name: name, character: "trailing whitespace")
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
