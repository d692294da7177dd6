public import Adapters
public import Foundation

extension DeliveryStateMachine {
    /// Request `id` was answered: `outcomes` by batch key (a direct call's one command under its key).
    /// `requestsMade`: HTTP requests it took (a custom sender may need more than one).
    public mutating func requestAnswered(
        _ id: Int,
        outcomes: [String: DeliveryCommandOutcome],
        requestsMade: Int = 1,
        now: Date
    ) -> [DeliveryAction] {
        guard let request = inFlight.removeValue(forKey: id) else { return [] }
        count(request, requestsMade: requestsMade, now: now)
        failures = 0
        var actions: [DeliveryAction] = []
        var changes: [OutboxChange] = []
        for command in request.commands {
            var outcome = outcomes[command.key] ?? .notRun
            // A command that read the result of a failed command of this batch had no effect.
            if let dependency = command.dependsOnKey, outcomes[dependency]?.isSuccess != true { outcome = .notRun }
            changes += decide(command, outcome, now: now, into: &actions)
        }
        settle(changes, now: now, into: &actions)
        return actions
    }

    /// Request `id` failed as a whole (transport, rate limit, an error envelope for a direct call).
    public mutating func requestFailed(
        _ id: Int,
        error: Bitrix24Error,
        requestsMade: Int = 1,
        now: Date
    )
        -> [DeliveryAction]
    {
        guard let request = inFlight.removeValue(forKey: id) else { return [] }
        count(request, requestsMade: requestsMade, now: now)
        var actions: [DeliveryAction] = []
        if error.code == "QUERY_LIMIT_EXCEEDED" {
            statistics.rateLimitedAnswers += 1
            bucket.fill(at: now)
            actions.append(.notice(.rateLimited))
        }
        if case .pausePortal(let reason) = error.action { pause(reason: reason, now: now, into: &actions) }
        var changes: [OutboxChange] = []
        if Self.isPortalUnavailable(error) {
            // Not the commands' fault: back off the portal, count no attempt (an outage never dead-letters work).
            backOff(error, now: now, into: &actions)
            changes = request.commands.map { .update($0.entry) }
        } else {
            for command in request.commands { changes += decide(command, .failure(error), now: now, into: &actions) }
        }
        settle(changes, now: now, into: &actions)
        return actions
    }

    /// Request `id` never left: its commands could not be marked in flight (storage). They wait and go again.
    public mutating func requestNotSent(_ id: Int, reason: String, now: Date) -> [DeliveryAction] {
        guard let request = inFlight.removeValue(forKey: id) else { return [] }
        storageProblem = "outbox write failed: \(reason)"
        let retryAt = now.addingTimeInterval(configuration.initialBackoff.seconds)
        var actions: [DeliveryAction] = [
            .notice(
                .storageFailed(
                    operation: "mark in flight",
                    detail: reason,
                    retryInSeconds: configuration.initialBackoff.seconds
                )
            )
        ]
        for command in request.commands {
            let entry = command.entry
            update(entry.command.callKey, entry.id) {
                $0.phase = .waiting
                $0.entry.notBefore = retryAt
            }
        }
        plan(now: now, into: &actions)
        return actions
    }

    /// Write `id` is durable: its changes take effect.
    public mutating func written(_ id: Int, now: Date) -> [DeliveryAction] {
        guard let changes = pendingWrites.removeValue(forKey: id) else { return [] }
        storageRecovered()
        unwritten.failures = 0
        var actions: [DeliveryAction] = []
        for change in changes {
            let entry = change.entry
            let call = entry.command.callKey
            switch change {
            case .acknowledge(_, let result):
                remove(call, entry.id)
                calls[call]?.results[entry.command.step] = result
                statistics.acknowledged += 1
                actions.append(.land(.delivered(entry.command, result: result)))
            case .update:
                update(call, entry.id) {
                    $0.entry = entry
                    $0.phase = .waiting
                }
            case .deadLetter(_, let reason):
                remove(call, entry.id)
                statistics.deadLettered += 1
                actions.append(.notice(.deadLettered(entry, reason: reason)))
                actions.append(.land(.gaveUp(entry.command, reason: reason)))
            }
        }
        dropSettledCalls(Set(changes.map(\.entry.command.callKey)))
        plan(now: now, into: &actions)
        return actions
    }

    /// Write `id` failed: nothing changed in the outbox. Its changes stay in memory and are written again after a
    /// back-off that grows with consecutive failures; the portal is not asked again (a register it acknowledged is
    /// not sent twice). Should the daemon stop first, the rows are still in flight and count as possibly landed.
    public mutating func writeFailed(_ id: Int, reason: String, now: Date) -> [DeliveryAction] {
        guard let changes = pendingWrites.removeValue(forKey: id) else { return [] }
        storageProblem = "outbox write failed: \(reason)"
        unwritten.changes += changes
        unwritten.failures += 1
        let delay = configuration.backoff(afterAttempts: unwritten.failures, random: jitter.next())
        unwritten.retryAt = now.addingTimeInterval(delay)
        var actions: [DeliveryAction] = [
            .notice(.storageFailed(operation: "record outcome", detail: reason, retryInSeconds: delay))
        ]
        plan(now: now, into: &actions)
        return actions
    }

    // MARK: Deciding

    private mutating func count(_ request: DeliveryRequest, requestsMade: Int, now: Date) {
        for _ in 0..<max(1, requestsMade) { bucket.add(at: now) }
        statistics.requestsSent += max(1, requestsMade)
        if request.isBatch { statistics.batchesSent += 1 }
    }

    /// The outbox change(s) for one command's outcome.
    mutating func decide(
        _ command: PlannedCommand,
        _ outcome: DeliveryCommandOutcome,
        now: Date,
        into actions: inout [DeliveryAction]
    ) -> [OutboxChange] {
        var entry = command.entry
        let kind = entry.command.kind
        switch outcome {
        case .notRun:
            return [.update(entry)]  // unchanged; no longer in flight
        case .success(let result):
            if kind == .leadAdd, entry.leadStage == .check {
                if Self.foundDuplicates(result) { return [.acknowledge(entry, result: result)] }
                entry.leadStage = .create
                entry.notBefore = now
                return [.update(entry)]
            }
            return [.acknowledge(entry, result: result)]
        case .failure(let error):
            if kind == .finish, error.isCallNotFound, entry.mayHaveLanded {
                actions.append(.notice(.finishCountedDone(callKey: entry.command.callKey)))
                // Keep the CALL_ID it was sent with: an attachRecord reads it from the finish's result.
                return [
                    .acknowledge(entry, result: command.params["CALL_ID"].map { .object(["CALL_ID": $0]) } ?? .null)
                ]
            }
            entry.lastError = error.description
            if kind == .leadAdd, entry.leadStage == .create { entry.leadStage = .check }
            switch error.action {
            case .retryLater:
                entry.attempts += 1
                entry.mayHaveLanded = entry.mayHaveLanded || Self.mayHaveTakenEffect(error)
                statistics.retries += 1
                if entry.attempts >= configuration.maxAttempts { return deadLetter(entry, reason: error.description) }
                let delay = configuration.backoff(afterAttempts: entry.attempts, random: jitter.next())
                entry.notBefore = now.addingTimeInterval(delay)
                return [.update(entry)]
            case .backOffMethod(let until):
                let resume =
                    until.flatMap { $0 > now ? $0 : nil } ?? now.addingTimeInterval(configuration.methodBackoff.seconds)
                methodBlockedUntil[command.method] = resume
                actions.append(.notice(.methodBackedOff(method: command.method, until: resume)))
                return [.update(entry)]
            case .pausePortal(let reason):
                pause(reason: reason, now: now, into: &actions)
                return [.update(entry)]
            case .giveUp:
                entry.attempts += 1
                return deadLetter(entry, reason: error.description)
            }
        }
    }

    /// The command, and every command of the same call reading its result (transitively), to the dead letters —
    /// waiting ones, and those riding in the same request (they had no effect).
    func deadLetter(_ entry: OutboxEntry, reason: String) -> [OutboxChange] {
        var changes: [OutboxChange] = [.deadLetter(entry, reason: reason)]
        var dead: Set<String> = [entry.command.step]
        for other in calls[entry.command.callKey]?.entries ?? [] where other.entry.id != entry.id {
            if case .settling = other.phase { continue }
            if other.entry.command.bindings.values.contains(where: { dead.contains($0.step) }) {
                dead.insert(other.entry.command.step)
                changes.append(
                    .deadLetter(other.entry, reason: "depends on \(entry.command.step), which was given up: \(reason)")
                )
            }
        }
        return changes
    }

    /// Hands `changes` to the driver as one write (the first change per command counts); the commands wait for it.
    mutating func settle(_ changes: [OutboxChange], now: Date, into actions: inout [DeliveryAction]) {
        var seen: Set<Int64> = []
        let changes = changes.filter { seen.insert($0.entry.id).inserted }
        guard !changes.isEmpty else { return plan(now: now, into: &actions) }
        lastWriteID += 1
        let id = lastWriteID
        for change in changes { update(change.entry.command.callKey, change.entry.id) { $0.phase = .settling(id) } }
        pendingWrites[id] = changes
        actions.append(.write(OutboxWrite(id: id, changes: changes)))
    }

    // MARK: Bookkeeping

    mutating func update(_ call: String, _ id: Int64, _ body: (inout DeliveryCallQueue.Tracked) -> Void) {
        guard let index = calls[call]?.index(of: id) else { return }
        body(&calls[call]!.entries[index])
    }

    mutating func remove(_ call: String, _ id: Int64) {
        guard let index = calls[call]?.index(of: id) else { return }
        calls[call]?.entries.remove(at: index)
        pendingCount -= 1
    }

    // MARK: Classification

    /// Rate-limited (503 `QUERY_LIMIT_EXCEEDED`) or unreachable (the request provably never left).
    static func isPortalUnavailable(_ error: Bitrix24Error) -> Bool {
        if error.code == "QUERY_LIMIT_EXCEEDED" { return true }
        if case .transport(.cannotConnect) = error.reason { return true }
        return false
    }

    /// `crm.duplicate.findbycomm` found something: `{"LEAD":[12]}` (not `[]`).
    static func foundDuplicates(_ result: Bitrix24Value) -> Bool {
        !((try? Bitrix24FindDuplicatesRequest.answer(from: result)) ?? [:]).isEmpty
    }

    /// Whether a failed attempt may nevertheless have run on the portal (its answer was lost, or the portal failed
    /// part-way). A rate-limit or overload refusal provably did not run.
    static func mayHaveTakenEffect(_ error: Bitrix24Error) -> Bool {
        switch error.reason {
        case .transport(let failure): failure.mayHaveReachedPortal
        case .malformedResponse: true
        case .portal(let status, let code, _):
            status >= 500 && !["QUERY_LIMIT_EXCEEDED", "OVERLOAD_LIMIT", "PORTAL_DELETED"].contains(code)
        case .invalidRequest: false
        }
    }
}
