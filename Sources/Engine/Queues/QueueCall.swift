import Foundation

/// One caller in an engine queue.
struct QueueCall: Sendable {
    enum State: Sendable {
        /// Nobody rings: the next free member is offered as soon as there is one.
        case waiting(holding: Bool)
        /// An attempt is under way.
        case ringing(QueueAttempt)
        /// A member answered.
        case connected(device: String)
    }

    let id: String
    var queue: String
    var joinedAt: Date
    /// When the maximum wait in the current queue is over.
    var deadline: Date
    var state: State
    /// The devices offered in this round of the call (fair, linear, random): not offered again before the others.
    var triedThisRound: Set<String> = []
    /// The device offered last, so a new round does not start with it.
    var lastOffered: String?
    /// The queues this call has been in, in order (overflow never goes back to one).
    var visited: [String]

    var isWaiting: Bool {
        if case .waiting = state { return true }
        return false
    }
}
