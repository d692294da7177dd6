import Foundation

/// The queue state machine's view of one member (one device), shared by every queue that lists it.
struct QueueMemberStatus: Sendable {
    var deviceState: QueueDeviceState = .unknown
    var isPaused = false
    var pauseReason: String?
    /// The end of the last call; `nil`: none seen (longest idle of all).
    var idleSince: Date?
    /// No new offer before this time (wrap-up after the last call).
    var restsUntil: Date?
    /// The engine call this member is ringing for or talking in.
    var engagedCall: String?
    /// An unanswered ring ended while the device reported it as in use: its next talking → free change ends that
    /// ring, not a call.
    var ringEndPending = false

    /// Can be rung now.
    func isOfferable(at now: Date) -> Bool {
        !isPaused && deviceState.isFree && engagedCall == nil && (restsUntil.map { $0 <= now } ?? true)
    }

    /// Logged off or paused: a call does not wait for this member.
    var isAbsent: Bool { isPaused || deviceState.isAbsent }
}
