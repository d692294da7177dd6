import Adapters

/// The pending commands of one call, in enqueue order, and the results of its acknowledged steps (which later
/// commands read through their bindings). Dropped when the call has nothing pending.
struct DeliveryCallQueue {
    /// Where a pending command stands.
    enum Phase: Equatable {
        /// Waiting to be sent (it may be backing off: ``OutboxEntry/notBefore``).
        case waiting
        /// Carried by request `id`.
        case inFlight(Int)
        /// Answered; its outbox change (write `id`) is not durable yet.
        case settling(Int)
    }

    /// One pending command.
    struct Tracked {
        var entry: OutboxEntry
        var phase: Phase
        /// What its order depends on, worked out once.
        let facts: DeliveryOrder.Facts

        init(entry: OutboxEntry, phase: Phase) {
            self.entry = entry
            self.phase = phase
            self.facts = DeliveryOrder.Facts(entry.command)
        }
    }

    var entries: [Tracked] = []
    var results: [String: Bitrix24Value] = [:]

    func index(of id: Int64) -> Int? {
        entries.firstIndex { $0.entry.id == id }
    }

    /// Whether a step of this call is still pending.
    func isPending(step: String) -> Bool {
        entries.contains { $0.entry.command.step == step }
    }
}
