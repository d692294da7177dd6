import Foundation
import OrderedCollections
import Synchronization

/// Where the fake portal reads the time: the rate-limit bucket, the 30-minute register de-duplication
/// and the `time` block all use it, so tests can run them on a virtual clock.
public protocol FakeClock: Sendable {
    /// Seconds since 1970.
    var now: Double { get }
}

/// The wall clock, optionally off by a fixed amount (a portal whose clock is wrong).
public struct FakeSystemClock: FakeClock {
    /// Seconds added to the wall clock.
    public let offset: Double

    /// The wall clock plus `offset` seconds.
    public init(offset: Double = 0) { self.offset = offset }
    /// Seconds since 1970.
    public var now: Double { Date().timeIntervalSince1970 + offset }
}

/// A clock that moves only when told to.
public final class FakeManualClock: FakeClock {
    private let seconds: Mutex<Double>

    /// Starts at `start` seconds since 1970 (default: 2026-03-10 11:19:38 UTC).
    public init(start: Double = 1_773_141_578) {
        self.seconds = Mutex(start)
    }

    /// Seconds since 1970.
    public var now: Double { seconds.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by interval: Double) {
        seconds.withLock { $0 += interval }
    }
}
