/// What the dialplan is told when it asks an engine queue (`AGI(agi://…/queue?name=sales)`); the FastAGI driver
/// turns it into channel variables (`QUEUE_ACTION` and the others, see docs/queues.md).
public enum QueueAnswer: Sendable, Hashable {
    /// Ring `attempt`'s members for `attempt.seconds`, then ask again with `DIALSTATUS`.
    case dial(QueueAttempt)
    /// Nobody can be rung now: music on hold for `seconds`, then ask again.
    case wait(queue: String, seconds: Int)
    /// The maximum wait is over: go on at this dialplan place.
    case goto(queue: String, context: String, extension: String, priority: Int)
    /// The maximum wait is over (or the queue is unknown) and there is no overflow: go on after the `AGI()`.
    case giveUp(queue: String)
    /// The call was answered and is over, or the caller is gone: nothing more to do.
    case done(queue: String)

    /// The value of `QUEUE_ACTION`.
    public var action: String {
        switch self {
        case .dial: "dial"
        case .wait: "wait"
        case .goto: "goto"
        case .giveUp: "continue"
        case .done: "done"
        }
    }

    /// The queue the caller is in (after an overflow into another engine queue, that one).
    public var queue: String {
        switch self {
        case .dial(let attempt): attempt.queue
        case .wait(let queue, _), .goto(let queue, _, _, _), .giveUp(let queue), .done(let queue): queue
        }
    }
}
