/// Why a value built from rules was refused before it went into an AMI action: it would change what Asterisk
/// does with the action (set other variables, write a dialplan function, hang up every channel a pattern matches).
/// The value itself is never quoted (it may be a phone number or a CRM field).
public enum AMIFieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A variable name outside `[A-Za-z_][A-Za-z0-9_]*` (a name ending in `)` is a dialplan function write).
    case invalidVariableName(field: String)
    /// A value contains a character Asterisk gives a meaning to in this field.
    case unsafeCharacter(field: String, character: String, why: String)
    /// A channel starting with `/`: `Action: Hangup` reads `/pattern/` as a regex over every channel.
    case channelPattern(field: String)

    public var description: String {
        switch self {
        case .invalidVariableName(let field):
            "\(field): a variable name must match [A-Za-z_][A-Za-z0-9_]* (a name ending in ')' writes a dialplan "
                + "function); refused"
        case .unsafeCharacter(let field, let character, let why):
            "\(field) contains \(character), which \(why); refused"
        case .channelPattern(let field):
            "\(field) starts with '/', which Asterisk reads as a pattern over every channel; refused"
        }
    }
}
