public import Foundation
import Synchronization

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

/// A clock that moves only when told (``advance(to:)``): for tests of the scheduler and the pipeline, where a back-off
/// or a wait limit must pass exactly, without sleeping.
public final class ManualDeliveryClock: DeliveryClock {
    private struct Sleeper {
        let deadline: Date
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now: Date
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    /// A clock reading `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_773_000_000)) {
        state = Mutex(State(now: start))
    }

    /// The time it reads.
    public var now: Date { state.withLock { $0.now } }

    /// Deadlines someone is sleeping until, earliest first.
    public var sleepingUntil: [Date] { state.withLock { $0.sleepers.values.map(\.deadline).sorted() } }

    /// Moves the clock to `date` (never backwards) and wakes whoever sleeps until then.
    public func advance(to date: Date) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.now = max(state.now, date)
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers[id] = nil }
            return due.values.map(\.continuation)
        }
        for sleeper in woken { sleeper.resume() }
    }

    /// Moves the clock by `interval` seconds.
    public func advance(by interval: TimeInterval) {
        advance(to: now.addingTimeInterval(interval))
    }

    /// Returns when the clock reaches `deadline` (at once if it has); throws when the task is cancelled.
    public func sleep(until deadline: Date) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.now >= deadline || Task.isCancelled { return true }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume()
        }
        try Task.checkCancellation()
    }
}
