import Adapters
import Foundation

extension PortalScheduler {
    /// The next request (if any command is eligible now) and the earliest moment a blocked one becomes eligible.
    struct Plan {
        var request: PlannedRequest?
        var nextDeadline: Date?
    }

    /// Picks the head of every call's queue (oldest call first) that is not backing off, up to the batch limit;
    /// a register takes the next command reading its CALL_ID along; an attachRecord goes alone.
    func makePlan(at now: Date) -> Plan {
        var plan = Plan()
        var commands: [PlannedCommand] = []
        var solo: PlannedCommand?
        var unresolvable: [(OutboxEntry, String)] = []
        let calls = queues.compactMap { call, queue in queue.first.map { (call, $0.id) } }.sorted { $0.1 < $1.1 }

        func blocked(_ entry: OutboxEntry) -> Date? {
            var until: Date?
            if entry.notBefore > now { until = entry.notBefore }
            if let method = methodBlockedUntil[effectiveMethod(entry)], method > now {
                until = max(until ?? method, method)
            }
            return until
        }
        func note(_ deadline: Date) {
            plan.nextDeadline = min(plan.nextDeadline ?? deadline, deadline)
        }

        for (call, _) in calls {
            guard commands.count < configuration.batchLimit, let queue = queues[call], let head = queue.first else {
                continue
            }
            if let until = blocked(head) {
                note(until)
                continue
            }
            let key = "c\(head.id)"
            guard let params = resolve(head, batchKeys: [:]) else {
                unresolvable.append((head, "a step it reads has no result"))
                continue
            }
            let planned = PlannedCommand(
                entry: head,
                key: key,
                method: effectiveMethod(head),
                params: params,
                dependsOnKey: nil
            )
            if head.command.kind == .attachRecord
                || head.command.params.values.contains(where: Bitrix24BatchCommand.holdsReferenceText)
            {
                // Alone (a recording; data that a batch would take for `$result[…]`), and first when it is the oldest
                // eligible head (so it cannot starve behind batches).
                if commands.isEmpty, solo == nil {
                    plan.request = .single(planned)
                    if !unresolvable.isEmpty { deadLetterNow(unresolvable) }
                    return plan
                }
                if solo == nil { solo = planned }
                continue
            }
            commands.append(planned)
            // register → a show/hide reading its CALL_ID travels along. Never a finish: if the answer were lost,
            // the retried register would no longer find the (finished) call and would create a second one.
            if head.command.kind == .register, queue.count > 1, commands.count < configuration.batchLimit {
                let next = queue[1]
                let readsRegisterOnly =
                    !next.command.bindings.isEmpty
                    && next.command.bindings.values.allSatisfy { $0.step == head.command.step }
                if readsRegisterOnly, next.command.kind == .show || next.command.kind == .hide, blocked(next) == nil,
                    !next.command.params.values.contains(where: Bitrix24BatchCommand.holdsReferenceText),
                    let nextParams = resolve(next, batchKeys: [head.command.step: key])
                {
                    commands.append(
                        PlannedCommand(
                            entry: next,
                            key: "c\(next.id)",
                            method: effectiveMethod(next),
                            params: nextParams,
                            dependsOnKey: key
                        )
                    )
                }
            }
        }
        if !unresolvable.isEmpty { deadLetterNow(unresolvable) }
        if commands.count == 1, let only = commands.first {
            plan.request = .single(only)
        } else if !commands.isEmpty {
            plan.request = .batch(commands)
        } else if let solo {
            plan.request = .single(solo)
        }
        return plan
    }

    /// The method actually called: a lead's duplicate check comes before the add.
    func effectiveMethod(_ entry: OutboxEntry) -> String {
        if entry.command.kind == .leadAdd, entry.leadStage == .check { return "crm.duplicate.findbycomm" }
        return entry.command.method
    }

    /// Parameters with bindings filled from stored results, or as `$result[key]…` for a step in this batch.
    /// `nil` when a binding cannot be resolved.
    func resolve(_ entry: OutboxEntry, batchKeys: [String: String]) -> [String: Bitrix24Value]? {
        let command = entry.command
        if command.kind == .leadAdd, entry.leadStage == .check {
            return ["type": "PHONE", "values": .array([.string(command.deduplicationPhone ?? "")])]
        }
        var params = command.params
        for (name, binding) in command.bindings {
            if let key = batchKeys[binding.step] {
                params[name] = Bitrix24BatchCommand.reference(key, binding.path)
            } else if let stored = results[command.callKey]?[binding.step],
                let value = Self.value(at: binding.path, in: stored), !value.isEmptyValue
            {
                params[name] = value
            } else {
                return nil
            }
        }
        return params
    }

    static func value(at path: [String], in value: Bitrix24Value) -> Bitrix24Value? {
        var current = value
        for key in path {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }
}

extension Bitrix24BatchCommand {
    /// `$result[key][a][b]` for a path given as an array.
    static func reference(_ key: String, _ path: [String]) -> Bitrix24Value {
        .string("$result[\(key)]" + path.map { "[\($0)]" }.joined())
    }
}
