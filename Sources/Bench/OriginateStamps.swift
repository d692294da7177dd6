import Synchronization

/// When each click's Originate reached the AMI server, by CALL_ID, with waiters.
final class OriginateStamps: Sendable {
    private struct State {
        var stamps: [String: ContinuousClock.Instant] = [:]
        var waiters: [String: CheckedContinuation<ContinuousClock.Instant?, Never>] = [:]
    }

    private let state = Mutex(State())

    func record(_ callID: String, at instant: ContinuousClock.Instant) {
        let waiter = state.withLock { state in
            state.stamps[callID] = instant
            return state.waiters.removeValue(forKey: callID)
        }
        waiter?.resume(returning: instant)
    }

    /// The stamp of `callID`, once there is one; nil when the waiting task is cancelled first.
    func wait(for callID: String) async -> ContinuousClock.Instant? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ContinuousClock.Instant?, Never>) in
                let stamp = state.withLock { state -> ContinuousClock.Instant?? in
                    if let stamp = state.stamps[callID] { return .some(stamp) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[callID] = continuation
                    return nil
                }
                if let stamp { continuation.resume(returning: stamp) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: callID) }
            waiter?.resume(returning: nil)
        }
    }
}
