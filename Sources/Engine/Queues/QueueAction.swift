public import RuleDSL

/// What the queue state machine asks its driver to do.
public enum QueueAction: Sendable, Hashable {
    /// Ring these members for the caller.
    case dial(QueueAttempt)
    /// Nobody can be offered now: the caller keeps waiting (music on hold) until a member is free or time is up.
    case hold(callID: String, queue: String)
    /// A member answered.
    case connected(callID: String, queue: String, member: QueueMemberSpec)
    /// The maximum wait passed and the call moved on to another engine queue (more actions follow for it).
    case movedToQueue(callID: String, from: String, to: String)
    /// The maximum wait passed: the dialplan continues at this place.
    case overflow(callID: String, queue: String, context: String, extension: String, priority: Int)
    /// The maximum wait passed and the queue has no overflow (or the queue is unknown): the dialplan continues
    /// after its AGI call.
    case giveUp(callID: String, queue: String)
}
