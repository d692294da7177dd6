import Adapters
import Foundation

extension DeliveryStateMachine {
    /// A pending command that may go now.
    struct Candidate {
        let call: String
        let entry: OutboxEntry
        /// The register it must travel with (`$result[…]`), when it reads one still pending.
        let ridesOn: Int64?
        /// It goes in a request of its own.
        let alone: Bool
    }

    /// Grants the urgent lane, then sends what may go now — as many requests as the in-flight limit and the bucket
    /// allow — dead-letters what can never go, and asks to be woken when the next waiting command may go.
    mutating func plan(now: Date, into actions: inout [DeliveryAction]) {
        var deadline: Date?
        switch state {
        case .idle:
            grantUrgent(now: now, deadline: &deadline, into: &actions)
            if let deadline { actions.append(.wake(at: deadline)) }
            return
        case .backingOff(let until, let failures), .paused(let until, _, let failures):
            if until > now { return actions.append(.wake(at: until)) }
            state = .delivering(failures: failures)
        case .delivering:
            break
        }
        grantUrgent(now: now, deadline: &deadline, into: &actions)
        var unresolvable: [Int64: (OutboxEntry, String)] = [:]
        let slots = requestSlots(now: now)
        let candidates = readyCommands(
            now: now,
            enough: max(1, slots * configuration.batchLimit),
            deadline: &deadline,
            unresolvable: &unresolvable
        )
        if slots == 0 {
            if inFlight.isEmpty, !candidates.isEmpty {
                // Out of tokens: wait; what queues meanwhile goes out together.
                let admission = bucket.nextAdmission(after: now, reserving: urgentGranted.count)
                deadline = min(deadline ?? admission, admission)
            }
        } else {
            for request in pack(candidates, into: slots) {
                inFlight[request.id] = request
                lastRequestID = request.id
                for command in request.commands {
                    update(command.entry.command.callKey, command.entry.id) { $0.phase = .inFlight(request.id) }
                }
                actions.append(.send(request))
            }
        }
        if let deadline { actions.append(.wake(at: deadline)) }
        if !unresolvable.isEmpty {
            let dead = unresolvable.values.sorted { $0.0.id < $1.0.id }
            settle(dead.flatMap { deadLetter($0.0, reason: $0.1) }, now: now, into: &actions)
        }
    }

    /// How many more requests may leave now: below the in-flight limit, within the bucket (each request in flight
    /// holds a place), and a second, third… request in parallel only while the bucket is at most
    /// ``DeliveryConfiguration/parallelBelowLevel`` full — so a sustained load goes out in few, full batches.
    func requestSlots(now: Date) -> Int {
        let level = bucket.level(at: now)
        let parallelLimit = bucket.capacity * configuration.parallelBelowLevel
        var slots = 0
        while inFlight.count + slots < configuration.maxRequestsInFlight {
            let reserved = inFlight.count + urgentGranted.count + slots
            guard bucket.nextAdmission(after: now, reserving: reserved) <= now else { break }
            if inFlight.count + slots > 0, level + Double(reserved) + 1 > parallelLimit { break }
            slots += 1
        }
        return slots
    }

    /// The waiting commands whose order allows them to go now (``DeliveryOrder``), oldest first, calls taken in the
    /// order they came until `enough` are found. Notes when a backing-off one may go and which ones read a result
    /// that will never come.
    func readyCommands(
        now: Date,
        enough: Int,
        deadline: inout Date?,
        unresolvable: inout [Int64: (OutboxEntry, String)]
    ) -> [Candidate] {
        var candidates: [Candidate] = []
        for call in callOrder {
            guard candidates.count < enough else { break }
            guard let queue = calls[call] else { continue }
            var ready: Set<Int64> = []
            for (index, tracked) in queue.entries.enumerated() where tracked.phase == .waiting {
                let entry = tracked.entry
                var ridesOn: Int64?
                var mayGo = true
                for earlier in queue.entries[..<index] {
                    switch DeliveryOrder.relation(of: tracked.facts, to: earlier.facts) {
                    case .independent:
                        continue
                    case .after:
                        mayGo = false
                    case .reads:
                        if ready.contains(earlier.entry.id), ridesOn == nil,
                            DeliveryOrder.canRide(tracked.facts, on: earlier.facts)
                        {
                            ridesOn = earlier.entry.id
                        } else {
                            mayGo = false
                        }
                    }
                    if !mayGo { break }
                }
                guard mayGo else { continue }
                if let until = blockedUntil(entry, now: now) {
                    deadline = min(deadline ?? until, until)
                    continue
                }
                if ridesOn == nil, resolve(entry, in: queue, batchKeys: [:]) == nil {
                    unresolvable[entry.id] = (entry, "a step it reads has no result")
                    continue
                }
                if ridesOn == nil { ready.insert(entry.id) }
                candidates.append(
                    Candidate(call: call, entry: entry, ridesOn: ridesOn, alone: tracked.facts.alone)
                )
            }
        }
        return candidates.sorted { $0.entry.id < $1.entry.id }
    }

    /// Packs candidates, oldest first, into at most `slots` requests: batches of up to the batch limit, a card
    /// riding on its register only in the register's request, a command that goes alone in a request of its own.
    func pack(_ candidates: [Candidate], into slots: Int) -> [DeliveryRequest] {
        var requests: [[PlannedCommand]] = []
        var open: Int?
        var placed: [Int64: (request: Int, key: String)] = [:]
        for candidate in candidates {
            guard let queue = calls[candidate.call] else { continue }
            let entry = candidate.entry
            let key = "c\(entry.id)"
            if candidate.alone {
                guard requests.count < slots, let params = resolve(entry, in: queue, batchKeys: [:]) else { continue }
                requests.append([planned(entry, key: key, params: params, dependsOn: nil)])
                continue
            }
            var dependsOn: String?
            var batchKeys: [String: String] = [:]
            if let register = candidate.ridesOn {
                guard let host = placed[register], host.request == open, let open,
                    requests[open].count < configuration.batchLimit
                else { continue }
                dependsOn = host.key
                batchKeys[DeliveryCommand.registerStep] = host.key
            } else if open.map({ requests[$0].count >= configuration.batchLimit }) ?? true {
                guard requests.count < slots else { continue }
                requests.append([])
                open = requests.count - 1
            }
            guard let index = open, let params = resolve(entry, in: queue, batchKeys: batchKeys) else { continue }
            requests[index].append(planned(entry, key: key, params: params, dependsOn: dependsOn))
            placed[entry.id] = (index, key)
        }
        return requests.enumerated().map { DeliveryRequest(id: lastRequestID + 1 + $0.offset, commands: $0.element) }
    }

    private func planned(
        _ entry: OutboxEntry,
        key: String,
        params: [String: Bitrix24Value],
        dependsOn: String?
    )
        -> PlannedCommand
    {
        PlannedCommand(entry: entry, key: key, method: effectiveMethod(entry), params: params, dependsOnKey: dependsOn)
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
        if entry.command.kind == .leadAdd, entry.leadStage == .check { return Self.duplicateCheck(entry).method }
        return entry.command.method
    }

    /// The duplicate check before a lead is added: the lead's phone in every CRM entity type.
    static func duplicateCheck(_ entry: OutboxEntry) -> Bitrix24FindDuplicatesRequest {
        Bitrix24FindDuplicatesRequest(type: .phone, values: [entry.command.deduplicationPhone ?? ""])
    }

    /// Parameters with bindings filled from stored results, or as `$result[key]…` for a step in this batch.
    /// `nil` when a binding cannot be resolved.
    func resolve(
        _ entry: OutboxEntry,
        in queue: DeliveryCallQueue,
        batchKeys: [String: String]
    ) -> [String: Bitrix24Value]? {
        let command = entry.command
        if command.kind == .leadAdd, entry.leadStage == .check { return Self.duplicateCheck(entry).parameters }
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
