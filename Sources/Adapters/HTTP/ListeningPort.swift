import Synchronization

/// The port a listener is bound to, awaited by whoever needs it (tests, the log line, `engine run`).
///
/// Starts pending; `claimStart` guards the one run; `resolve` makes it available; `end` fails current and later
/// waiters.
final class ListeningPort: Sendable {
    private enum Phase {
        case pending
        case bound(Int)
        case ended(HTTPServerError)
    }

    private struct State {
        var phase = Phase.pending
        var waiters: [Int: CheckedContinuation<Int, any Error>] = [:]
        var nextWaiter = 0
        var started = false
    }

    private let state = Mutex(State())

    /// Claims the one run of the listener: true the first time, false after.
    func claimStart() -> Bool {
        state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
    }

    /// The listener is bound to `port`.
    func resolve(_ port: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard case .pending = state.phase else { return [] }
            state.phase = .bound(port)
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// The listener stopped or failed: waiters get `error`, and so does every later call.
    func end(_ error: HTTPServerError) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            if case .ended = state.phase { return [] }
            state.phase = .ended(error)
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// Whether the listener was bound (and has not ended).
    var isBound: Bool {
        state.withLock { state in
            if case .bound = state.phase { return true }
            return false
        }
    }

    /// The bound port, once bound; throws if the listener ended first or the waiting task is cancelled.
    func value() async throws -> Int {
        let id = state.withLock { state -> Int in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
                let immediate = state.withLock { state -> Result<Int, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    switch state.phase {
                    case .bound(let port): return .success(port)
                    case .ended(let error): return .failure(error)
                    case .pending:
                        state.waiters[id] = continuation
                        return nil
                    }
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
