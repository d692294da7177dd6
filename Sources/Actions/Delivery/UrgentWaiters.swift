import Synchronization

/// The callers of ``PortalScheduler/urgent(_:)`` waiting for their place in the bucket. A grant or a cancellation may
/// come before the caller starts waiting; each is kept until it does.
final class UrgentWaiters: Sendable {
    private enum Slot {
        case waiting(CheckedContinuation<Bool, Never>)
        case granted
        case cancelled
    }

    private let slots = Mutex<[Int: Slot]>([:])

    /// Waits for `id`'s grant (true) or cancellation (false).
    func wait(_ id: Int, _ continuation: CheckedContinuation<Bool, Never>) {
        let ready = slots.withLock { slots -> Bool? in
            switch slots.removeValue(forKey: id) {
            case .granted?: return true
            case .cancelled?: return false
            case .waiting?, nil:
                slots[id] = .waiting(continuation)
                return nil
            }
        }
        if let ready { continuation.resume(returning: ready) }
    }

    /// `id` may go.
    func grant(_ id: Int) {
        resolve(id, granted: true)
    }

    /// `id`'s caller was cancelled.
    func cancel(_ id: Int) {
        resolve(id, granted: false)
    }

    private func resolve(_ id: Int, granted: Bool) {
        let waiter = slots.withLock { slots -> CheckedContinuation<Bool, Never>? in
            switch slots[id] {
            case .waiting(let continuation)?:
                slots[id] = nil
                return continuation
            case .cancelled?:
                return nil
            case .granted?, nil:
                slots[id] = granted ? .granted : .cancelled
                return nil
            }
        }
        waiter?.resume(returning: granted)
    }
}
