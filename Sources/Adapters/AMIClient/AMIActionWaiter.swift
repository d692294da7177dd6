import Synchronization

/// The caller of one pending action, resumed exactly once: by the reply (or the client's timeout, lost connection or
/// close), or by the caller's task being cancelled — whichever comes first; later attempts do nothing.
///
/// Cancellation resumes the caller at once (``AMIClientError/cancelled``) without waiting for the client's actor: the
/// action's entry stays pending until its reply, deadline or connection end removes it, and whatever then arrives is
/// routed as it would have been (an `OriginateResponse` is still published as an event).
final class AMIActionWaiter<Value: Sendable>: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<Value, any Error>)
        case cancelled
        case done
    }

    private let state = Mutex(State.idle)
    /// The action's name, for the cancellation error.
    let action: String

    init(action: String) {
        self.action = action
    }

    /// Waits for the outcome; `start` runs once the caller is ready to be resumed (it registers and sends the action).
    /// A task cancelled before or while waiting throws ``AMIClientError/cancelled`` at once.
    func wait(isolation: isolated (any Actor)? = #isolation, _ start: () -> Void) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let cancelledAlready = state.withLock { state in
                    guard case .idle = state else { return true }
                    state = .waiting(continuation)
                    return false
                }
                if cancelledAlready {
                    continuation.resume(throwing: AMIClientError.cancelled(action: action))
                } else {
                    start()
                }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Resumes the caller with `value`, unless it was resumed already.
    func resume(returning value: Value) {
        take()?.resume(returning: value)
    }

    /// Resumes the caller with `error`, unless it was resumed already.
    func resume(throwing error: any Error) {
        take()?.resume(throwing: error)
    }

    private func cancel() {
        let continuation = state.withLock { state -> CheckedContinuation<Value, any Error>? in
            switch state {
            case .idle:
                state = .cancelled
                return nil
            case .waiting(let continuation):
                state = .cancelled
                return continuation
            case .cancelled, .done:
                return nil
            }
        }
        continuation?.resume(throwing: AMIClientError.cancelled(action: action))
    }

    private func take() -> CheckedContinuation<Value, any Error>? {
        state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done
            return continuation
        }
    }
}
