/// Why an action was refused before anything was written (AMI header injection and Asterisk's input limits).
/// Values are never quoted, so a secret cannot leak through an error.
public enum AMIActionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A key or value contains CR or LF, which would inject headers or end the action early.
    case lineBreak(key: String, inValue: Bool)
    /// A key contains `:`, which would move the key/value split.
    case colonInKey(key: String)
    /// A key is empty.
    case emptyKey
    /// `Key: Value` is longer than the 1022 bytes Asterisk reads per line (`Failed to parse message: line too long`).
    case lineTooLong(key: String, length: Int)
    /// More than 128 header lines (`AST_MAX_MANHEADERS`).
    case tooManyHeaders(count: Int)
    /// A value holds NUL, where Asterisk's C strings would end it.
    case nulInValue(key: String)
    /// A `Variable:` name is not `[A-Za-z_][A-Za-z0-9_]*` (a name ending in `)` would write a dialplan function), or
    /// an Originate's `Variable:` has no `=` (see ``AMIVariable``).
    case invalidVariableName(action: String, name: String)
    /// A `Variable:` value holds a character Asterisk's parser reads as syntax (`,` `"` `(` `)` `\` NUL).
    case invalidVariableValue(action: String, name: String, character: String)

    /// The longest line content Asterisk accepts (its buffer is 1025 bytes including CRLF and NUL).
    public static let maximumLineLength = 1022
    /// The most header lines one action may have.
    public static let maximumHeaderCount = 128

    public var description: String {
        switch self {
        case .lineBreak(let key, let inValue):
            "AMI action refused: \(inValue ? "value of" : "key") \(key.debugDescription) contains CR or LF"
        case .colonInKey(let key):
            "AMI action refused: key \(key.debugDescription) contains ':'"
        case .emptyKey:
            "AMI action refused: empty key"
        case .lineTooLong(let key, let length):
            "AMI action refused: line \(key.debugDescription) is \(length) bytes, "
                + "over the \(Self.maximumLineLength)-byte limit"
        case .tooManyHeaders(let count):
            "AMI action refused: \(count) header lines, over the limit of \(Self.maximumHeaderCount)"
        case .nulInValue(let key):
            "AMI action refused: value of \(key.debugDescription) contains NUL"
        case .invalidVariableName(let action, let name):
            "AMI action refused: \(action) variable name \(String(name.prefix(40)).debugDescription) is not "
                + "a plain name ([A-Za-z_][A-Za-z0-9_]*)"
        case .invalidVariableValue(let action, let name, let character):
            "AMI action refused: \(action) variable \(name) has a value containing \(character), "
                + "which Asterisk would read as syntax"
        }
    }
}
