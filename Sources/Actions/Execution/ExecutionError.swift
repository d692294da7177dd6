/// Why an action intent could not be executed.
public enum ExecutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A required argument is absent (or resolved to nothing: the result it waited for never came).
    case missingArgument(action: String, argument: String)
    /// An argument has the wrong type.
    case wrongType(action: String, argument: String, expected: String)
    /// An argument's value cannot be used safely (e.g. CR/LF in an AGI variable).
    case invalidArgument(action: String, why: String)
    /// The action has no executor here (yet).
    case unsupported(action: String, why: String)
    /// The action needs a part that is not configured or not connected (AMI, portal).
    case unavailable(action: String, part: String)

    public var description: String {
        switch self {
        case .missingArgument(let action, let argument): "\(action): argument `\(argument)` has no value"
        case .wrongType(let action, let argument, let expected): "\(action): argument `\(argument)` must be \(expected)"
        case .invalidArgument(let action, let why): "\(action): \(why)"
        case .unsupported(let action, let why): "\(action) is not supported: \(why)"
        case .unavailable(let action, let part): "\(action) needs \(part), which is not available"
        }
    }
}
