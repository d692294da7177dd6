public import Foundation

/// Commands the outbox could not take (disk full, database locked, I/O error): held here, in order, and written
/// again with back-off — nothing asked for is dropped, and nothing later overtakes them (a card never reaches the
/// outbox before its register).
extension DeliveryStateMachine {
    /// Commands held from failed outbox writes, in the order they were asked for.
    public var heldCount: Int { held.commands.count }

    /// What to write to the outbox for `commands` just asked for: the held commands first, then these; or nothing
    /// while held commands wait for their retry (the new ones queue behind them).
    public mutating func commandsToWrite(_ commands: [DeliveryCommand], now: Date) -> [DeliveryCommand] {
        guard !held.commands.isEmpty else { return commands }
        if let retryAt = held.retryAt, retryAt <= now {
            let all = held.commands + commands
            held.commands = []
            held.retryAt = nil
            return all
        }
        held.commands += commands
        return []
    }

    /// The held commands to write now (after ``DeliveryAction/writeHeldCommands``).
    public mutating func takeHeldCommands() -> [DeliveryCommand] {
        defer {
            held.commands = []
            held.retryAt = nil
        }
        return held.commands
    }

    /// Writing `commands` to the outbox failed: they are held (ahead of any held since) and written again after a
    /// back-off that grows with consecutive failures.
    public mutating func commandsNotWritten(
        _ commands: [DeliveryCommand],
        reason: String,
        now: Date
    ) -> [DeliveryAction] {
        held.commands = commands + held.commands
        held.failures += 1
        let delay = configuration.backoff(afterAttempts: held.failures, random: jitter.next())
        held.retryAt = now.addingTimeInterval(delay)
        storageProblem = "outbox write failed: \(reason)"
        var actions: [DeliveryAction] = [
            .notice(.commandsHeld(count: held.commands.count, detail: reason, retryInSeconds: delay))
        ]
        plan(now: now, into: &actions)
        return actions
    }

    /// A write succeeded: the storage works again once nothing is held and no outcome waits to be recorded (an
    /// outcome's write that frees rows can succeed while new commands still find the disk full).
    mutating func storageRecovered() {
        guard held.commands.isEmpty, unwritten.changes.isEmpty else { return }
        held.failures = 0
        storageProblem = nil
    }

    /// Asks for the held commands, and the outcomes not recorded yet, to be written when their retry is due;
    /// otherwise the earlier retry time.
    mutating func planHeldCommands(now: Date, into actions: inout [DeliveryAction]) -> Date? {
        [planUnwrittenOutcomes(now: now, into: &actions), planHeldCommandsOnly(now: now, into: &actions)]
            .compactMap { $0 }.min()
    }

    /// Writes the outcomes a failed write left in memory once their retry is due; otherwise their retry time.
    private mutating func planUnwrittenOutcomes(now: Date, into actions: inout [DeliveryAction]) -> Date? {
        guard !unwritten.changes.isEmpty, let retryAt = unwritten.retryAt else { return nil }
        guard retryAt <= now else { return retryAt }
        let changes = unwritten.changes
        unwritten.changes = []
        unwritten.retryAt = nil
        settle(changes, now: now, into: &actions)
        return nil
    }

    private mutating func planHeldCommandsOnly(now: Date, into actions: inout [DeliveryAction]) -> Date? {
        guard !held.commands.isEmpty, let retryAt = held.retryAt else { return nil }
        guard retryAt <= now else { return retryAt }
        held.retryAt = nil
        actions.append(.writeHeldCommands)
        return nil
    }
}

/// Outcomes (acknowledgements, retries, dead letters) a failed outbox write left in memory.
struct UnwrittenOutcomes {
    var changes: [OutboxChange] = []
    /// When to write them again; nil while none wait.
    var retryAt: Date?
    /// Failed writes in a row.
    var failures = 0
}

/// Commands held from failed outbox writes.
struct HeldCommands {
    var commands: [DeliveryCommand] = []
    /// When to write them again; nil while a write of them is under way.
    var retryAt: Date?
    /// Failed writes in a row.
    var failures = 0
}
