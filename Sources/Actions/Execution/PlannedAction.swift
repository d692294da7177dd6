public import AMIProtocol
import Adapters
public import Logging

/// What executing one action intent comes to: exactly one Bitrix24 or AMI method, a log line, or nothing
/// more (a `call.set`, which the engine applied when the rule fired).
public enum PlannedAction: Sendable {
    /// A command for the portal's outbox.
    case deliver(DeliveryCommand)
    /// A recording for the call's record (``RecordingService``): attached once the finish is acknowledged.
    case record(RecordingRequest)
    /// An AMI action; an Originate travels as such so its result (the new channel) can be awaited.
    case ami(AMIAction)
    /// An asynchronous Originate.
    case originate(AMIOriginate)
    /// A log line of the rule's.
    case log(Logger.Level, String)
    /// Already done by the engine (`call.set`).
    case applied
    /// Part of the answer to the dialplan's waiting FastAGI requests.
    case answerAGI(AGIAnswerStep)
}
