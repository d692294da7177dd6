/// A command that could not be written safely, so it is never sent.
public enum AGICommandError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A variable name that is not `NAME`, `_NAME`, `__NAME` or `FUNCTION(args)` of letters, digits and `_`.
    case invalidVariableName(String)
    /// An application name that is not letters, digits and `_`.
    case invalidApplicationName(String)
    /// A value holding a byte that would end the command line or the C string (CR, LF, NUL).
    case unsafeCharacter(argument: String)
    /// A value longer than the line Asterisk reads (8 KiB).
    case tooLong(argument: String, limit: Int)

    public var description: String {
        switch self {
        case .invalidVariableName(let name):
            "AGI variable name \(AGIProtocolError.excerpt(name)) is not NAME, _NAME, __NAME or FUNC(args)"
        case .invalidApplicationName(let name):
            "AGI application name \(AGIProtocolError.excerpt(name)) is not letters, digits and _"
        case .unsafeCharacter(let argument):
            "AGI \(argument) contains CR, LF or NUL, which would end the command: refused"
        case .tooLong(let argument, let limit):
            "AGI \(argument) is longer than \(limit) bytes: refused"
        }
    }
}
