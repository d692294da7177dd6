import Synchronization

/// FastAGI requests waiting for the AMI stream to show their channel (the dialplan can ask before the channel's first
/// AMI events reached the engine). Lock-protected, so a waiter whose deadline passes can leave from any task.
///
/// A waiter registers on the pipeline's actor right after it found the channel missing (``register(_:)``), so an AMI
/// step between that check and the wait cannot be missed; then it waits (``wait(_:)``).
final class AGIChannelWaiters: Sendable {
    private struct Waiter {
        var uniqueid: String
        var continuation: CheckedContinuation<Bool, Never>?
        var ready = false
    }

    private struct State {
        var waiters: [Int: Waiter] = [:]
        var next = 0
    }

    private let state = Mutex(State())

    /// Whether anyone waits (checked on every AMI step, so it must be cheap).
    var isEmpty: Bool { state.withLock { $0.waiters.isEmpty } }

    /// Registers a wait for `uniqueid`; pass the ticket to ``wait(_:)``.
    func register(_ uniqueid: String) -> Int {
        state.withLock { state in
            state.next += 1
            state.waiters[state.next] = Waiter(uniqueid: uniqueid)
            return state.next
        }
    }

    /// Waits until ``resume(where:)`` found the ticket's channel; false when the waiting task was cancelled first.
    func wait(_ ticket: Int) async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let answer = state.withLock { state -> Bool? in
                    guard let waiter = state.waiters[ticket] else { return false }
                    if waiter.ready {
                        state.waiters[ticket] = nil
                        return true
                    }
                    if Task.isCancelled {
                        state.waiters[ticket] = nil
                        return false
                    }
                    state.waiters[ticket]?.continuation = continuation
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: ticket) }
            waiter?.continuation?.resume(returning: false)
        }
    }

    /// Resumes the waiters whose channel `isKnown` says is now there.
    func resume(where isKnown: (String) -> Bool) {
        let ready = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            var continuations: [CheckedContinuation<Bool, Never>] = []
            for (ticket, waiter) in state.waiters where !waiter.ready && isKnown(waiter.uniqueid) {
                if let continuation = waiter.continuation {
                    state.waiters[ticket] = nil
                    continuations.append(continuation)
                } else {
                    state.waiters[ticket]?.ready = true
                }
            }
            return continuations
        }
        for continuation in ready { continuation.resume(returning: true) }
    }
}
