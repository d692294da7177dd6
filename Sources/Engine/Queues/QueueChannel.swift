import Foundation

/// The dialplan loop's view of one caller's channel: what it was last told, and what waits to be told.
struct QueueChannel: Sendable {
    /// What the state machine decided for the caller and the dialplan has not been told yet.
    enum Pending: Sendable {
        case dial(QueueAttempt)
        case goto(queue: String, context: String, extension: String, priority: Int)
        case giveUp(queue: String)
    }

    /// The queue the caller is in.
    var queue: String
    var pending: Pending?
    /// The attempt the dialplan was told to dial, and when: the next question reports how it ended.
    var issued: (attempt: QueueAttempt, at: Date)?
    /// A member answered (the dialplan does not ask again unless `Dial()` has the `g` option).
    var connected = false
    /// The Uniqueid of the answering member's channel (its hang-up ends the member's part of the call).
    var memberUniqueid: String?
    /// The channel's last question.
    var lastAsk: Date
}
