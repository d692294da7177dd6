import Adapters
import Foundation

extension DeliveryStateMachine {
    /// Sends what may go now — as many requests as ``DeliveryConfiguration/maxRequestsInFlight`` and the bucket
    /// allow — dead-letters what can never go, and asks to be woken when the next waiting command may go.
    mutating func plan(now: Date, into actions: inout [DeliveryAction]) {
        switch state {
        case .idle:
            return
        case .backingOff(let until, let failures), .paused(let until, _, let failures):
            if until > now { return actions.append(.wake(at: until)) }
            state = .delivering(failures: failures)
        case .delivering:
            break
        }
        var deadline: Date?
        var unresolvable: [Int64: (OutboxEntry, String)] = [:]
        while inFlight.count < configuration.maxRequestsInFlight {
            guard let request = nextRequest(now: now, deadline: &deadline, unresolvable: &unresolvable) else { break }
            let admission = bucket.nextAdmission(after: now, reserving: inFlight.count)
            if admission > now {
                // Out of tokens: wait; what queues meanwhile goes out together.
                deadline = min(deadline ?? admission, admission)
                break
            }
            inFlight[request.id] = request
            lastRequestID = request.id
            for command in request.commands {
                update(command.entry.command.callKey, command.entry.id) { $0.phase = .inFlight(request.id) }
            }
            actions.append(.send(request))
        }
        if let deadline { actions.append(.wake(at: deadline)) }
        if !unresolvable.isEmpty {
            let dead = unresolvable.values.sorted { $0.0.id < $1.0.id }
            settle(dead.flatMap { deadLetter($0.0, reason: $0.1) }, now: now, into: &actions)
        }
    }

    /// The next request: the head of every call's queue (oldest call first) that is not backing off, up to the batch
    /// limit; a register takes the next command reading its CALL_ID along; an attachRecord goes alone.
    /// `nil` when nothing may go now; `deadline` notes when a backing-off command may.
    func nextRequest(
        now: Date,
        deadline: inout Date?,
        unresolvable: inout [Int64: (OutboxEntry, String)]
    ) -> DeliveryRequest? {
        let id = lastRequestID + 1
        var commands: [PlannedCommand] = []
        var solo: PlannedCommand?
        let heads = calls.compactMap { call, queue in queue.entries.first.map { (call, $0) } }
            .filter { $0.1.phase == .waiting && unresolvable[$0.1.entry.id] == nil }
            .sorted { $0.1.entry.id < $1.1.entry.id }
        for (call, tracked) in heads {
            guard commands.count < configuration.batchLimit, let queue = calls[call] else { break }
            let head = tracked.entry
            if let until = blockedUntil(head, now: now) {
                deadline = min(deadline ?? until, until)
                continue
            }
            let key = "c\(head.id)"
            guard let params = resolve(head, in: queue, batchKeys: [:]) else {
                unresolvable[head.id] = (head, "a step it reads has no result")
                continue
            }
            let planned = PlannedCommand(
                entry: head,
                key: key,
                method: effectiveMethod(head),
                params: params,
                dependsOnKey: nil
            )
            if head.command.kind == .attachRecord {
                // Alone, and first when it is the oldest eligible head (so it cannot starve behind batches).
                if commands.isEmpty, solo == nil { return DeliveryRequest(id: id, commands: [planned]) }
                if solo == nil { solo = planned }
                continue
            }
            commands.append(planned)
            // register → a show/hide reading its CALL_ID travels along. Never a finish: if the answer were lost,
            // the retried register would no longer find the (finished) call and would create a second one.
            if head.command.kind == .register, queue.entries.count > 1, commands.count < configuration.batchLimit {
                let next = queue.entries[1].entry
                let readsRegisterOnly =
                    !next.command.bindings.isEmpty
                    && next.command.bindings.values.allSatisfy { $0.step == head.command.step }
                if readsRegisterOnly, next.command.kind == .show || next.command.kind == .hide,
                    queue.entries[1].phase == .waiting, blockedUntil(next, now: now) == nil,
                    let nextParams = resolve(next, in: queue, batchKeys: [head.command.step: key])
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
        if !commands.isEmpty { return DeliveryRequest(id: id, commands: commands) }
        return solo.map { DeliveryRequest(id: id, commands: [$0]) }
    }

    /// Until when `entry` may not go (its own back-off, or its method's), nil when it may go now.
    func blockedUntil(_ entry: OutboxEntry, now: Date) -> Date? {
        var until: Date?
        if entry.notBefore > now { until = entry.notBefore }
        if let method = methodBlockedUntil[effectiveMethod(entry)], method > now {
            until = max(until ?? method, method)
        }
        return until
    }

    /// The method actually called: a lead's duplicate check comes before the add.
    func effectiveMethod(_ entry: OutboxEntry) -> String {
        if entry.command.kind == .leadAdd, entry.leadStage == .check { return "crm.duplicate.findbycomm" }
        return entry.command.method
    }

    /// Parameters with bindings filled from stored results, or as `$result[key]…` for a step in this batch.
    /// `nil` when a binding cannot be resolved.
    func resolve(
        _ entry: OutboxEntry,
        in queue: DeliveryCallQueue,
        batchKeys: [String: String]
    ) -> [String: Bitrix24Value]? {
        let command = entry.command
        if command.kind == .leadAdd, entry.leadStage == .check {
            return ["type": "PHONE", "values": .array([.string(command.deduplicationPhone ?? "")])]
        }
        var params = command.params
        for (name, binding) in command.bindings {
            if let key = batchKeys[binding.step] {
                params[name] = Bitrix24BatchCommand.reference(key, binding.path)
            } else if let stored = queue.results[binding.step],
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
