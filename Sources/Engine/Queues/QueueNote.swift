/// What an engine queue tells the call model about a caller, so that rules see engine queues as they see app_queue's:
/// `call.queue_joined`, `call.queue_left`, and `queue` on the rings of the caller's `Dial()`s.
public enum QueueNote: Sendable, Hashable {
    /// The caller of channel `uniqueid` entered `queue` (at `position`, counting from 1).
    case joined(uniqueid: String, queue: String, position: Int)
    /// The caller of channel `uniqueid` left `queue` for `reason` (`timeout`, or `overflow` into another queue).
    case left(uniqueid: String, queue: String, reason: QueueLeaveReason)

    /// The caller's channel.
    public var uniqueid: String {
        switch self {
        case .joined(let uniqueid, _, _), .left(let uniqueid, _, _): uniqueid
        }
    }
}
