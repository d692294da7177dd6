/// A command refused at enqueue time (it could never be delivered correctly).
public enum DeliveryCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A register without `EXTERNAL_CALL_ID` could create a second call on a retry.
    case missingExternalCallID(callKey: String)
    /// A binding names a step that is neither delivered nor enqueued earlier for the same call.
    case unknownDependency(callKey: String, step: String, dependsOn: String)
    /// A `crm.lead.add` without a phone to check for duplicates first.
    case leadWithoutPhone(callKey: String, step: String)
    /// Empty call key, step or method.
    case incomplete(String)

    /// One line for the operator.
    public var description: String {
        switch self {
        case .missingExternalCallID(let call): "register of call \(call) has no EXTERNAL_CALL_ID"
        case .unknownDependency(let call, let step, let other):
            "command \(step) of call \(call) depends on unknown step \(other)"
        case .leadWithoutPhone(let call, let step):
            "lead command \(step) of call \(call) has no phone for the duplicate check"
        case .incomplete(let what): "incomplete command: \(what)"
        }
    }
}
