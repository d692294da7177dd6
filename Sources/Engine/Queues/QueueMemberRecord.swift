public import Foundation

/// What the engine keeps of a member across restarts: when the last call ended, and the pause.
public struct QueueMemberRecord: Sendable, Hashable, Codable {
    /// The member's device (``RuleDSL/QueueMemberSpec/device``).
    public var device: String
    /// The end of the member's last call, if the engine has seen one.
    public var idleSince: Date?
    /// Paused (by `QueueMemberPause` or the engine).
    public var isPaused: Bool
    /// Why, when given.
    public var pauseReason: String?

    /// Creates a record.
    public init(device: String, idleSince: Date?, isPaused: Bool, pauseReason: String?) {
        self.device = device
        self.idleSince = idleSince
        self.isPaused = isPaused
        self.pauseReason = pauseReason
    }
}
