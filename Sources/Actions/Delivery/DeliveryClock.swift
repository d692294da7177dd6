public import Foundation

/// Where the scheduler reads the time and waits: the system clock in production, a fast or virtual one in tests.
public protocol DeliveryClock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Suspends until `deadline` (returns at once when it has passed). Throws when cancelled.
    func sleep(until deadline: Date) async throws
}

/// The wall clock.
public struct SystemDeliveryClock: DeliveryClock {
    /// The wall clock.
    public init() {}

    /// `Date()`.
    public var now: Date { Date() }

    /// Sleeps for the time left until `deadline`.
    public func sleep(until deadline: Date) async throws {
        let interval = deadline.timeIntervalSinceNow
        guard interval > 0 else { return try Task.checkCancellation() }
        try await Task.sleep(for: .nanoseconds(Int64(min(interval, 86_400) * 1e9)))
    }
}
