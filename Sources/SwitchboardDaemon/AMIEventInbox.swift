import AMIProtocol
import Adapters
import Synchronization

/// Collects the AMI client's events as they arrive, so the pipeline can take every event that is waiting at once
/// (``CallPipeline/handle(_:arrival:)`` with an array) instead of one durable step per event: under a burst, the
/// events that queued while one step ran go through the next step together. Order is kept. One consumer.
final class AMIEventInbox: Sendable {
    private struct State {
        var messages: [AMIMessage] = []
        var finished = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Adds a message (wakes the consumer).
    func put(_ message: AMIMessage) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.messages.append(message)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// No more messages will come (the consumer drains what is left, then gets nil).
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Every message waiting, in arrival order; waits for one when none is; nil once finished and drained.
    func takeAll() async -> [AMIMessage]? {
        while true {
            let taken = state.withLock { state -> [AMIMessage]? in
                guard !state.messages.isEmpty else { return nil }
                defer { state.messages.removeAll(keepingCapacity: true) }
                return state.messages
            }
            if let taken { return taken }
            if state.withLock({ $0.finished }) { return nil }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.messages.isEmpty || state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
