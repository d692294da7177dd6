public import Foundation

/// A command given up on: moved out of the outbox with its last error, for a human to look at.
public struct DeadLetter: Sendable, Equatable {
    /// The command.
    public let command: DeliveryCommand
    /// Attempts made.
    public let attempts: Int
    /// Why it was given up (the last error, or the dependency that died).
    public let reason: String
    /// When.
    public let diedAt: Date
}
