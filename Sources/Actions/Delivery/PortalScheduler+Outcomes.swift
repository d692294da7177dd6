import Adapters
import Foundation
import Logging
import Metrics

extension PortalScheduler {
    /// Sends one request and records what became of each of its commands.
    func send(_ request: PlannedRequest) async {
        do {
            try outbox.markInFlight(request.commands.map(\.entry.id))
        } catch {
            logger.error("outbox write failed; request not sent", metadata: ["error": "\(error)"])
            return
        }
        stats.requestsSent += 1
        requestCounter.increment()
        var outcomes: [String: CommandOutcome] = [:]
        var requestError: Bitrix24Error?
        switch request {
        case .single(let command):
            do {
                if let upload = command.entry.command.upload {
                    outcomes[command.key] = .success(try await sendRecord(command, upload))
                } else {
                    outcomes[command.key] = .success(try await client.call(command.method, command.params).result)
                }
            } catch let error as Bitrix24Error {
                requestError = error
            } catch {
                requestError = Bitrix24Error(
                    method: command.method,
                    reason: .transport(.other("\(type(of: error))")),
                    action: .retryLater
                )
            }
        case .batch(let commands):
            stats.batchesSent += 1
            do {
                let answer = try await client.batch(
                    commands.map { Bitrix24BatchCommand(key: $0.key, method: $0.method, params: $0.params) },
                    halt: false
                )
                for command in commands {
                    if let result = answer.results[command.key] {
                        outcomes[command.key] = .success(result)
                    } else if let error = answer.errors[command.key] {
                        outcomes[command.key] = .failure(error)
                    } else {
                        outcomes[command.key] = .notRun
                    }
                }
            } catch let error as Bitrix24Error {
                requestError = error
            } catch {
                requestError = Bitrix24Error(
                    method: "batch",
                    reason: .transport(.other("\(type(of: error))")),
                    action: .retryLater
                )
            }
        }
        // Stopped mid-request: record nothing. The rows stay marked in flight, so the next start treats
        // them as possibly delivered (a finish's "Call is not found" then counts as done, a lead is re-checked).
        if Task.isCancelled { return }
        let now = clock.now
        if let requestError {
            for command in request.commands { outcomes[command.key] = .failure(requestError) }
            if requestError.code == "QUERY_LIMIT_EXCEEDED" {
                stats.rateLimitedAnswers += 1
                rateLimitedCounter.increment()
                bucket.fill(at: now)
            }
            if case .pausePortal(let reason) = requestError.action { pausePortal(reason: reason, at: now) }
            if Self.isPortalUnavailable(requestError) {
                // Not the commands' fault: back off the portal, count no attempt (an outage never dead-letters work).
                backOffPortal(requestError, at: now)
                record(request.commands.map { .update($0.entry) }, at: now)
                return
            }
        } else {
            consecutivePortalFailures = 0
        }
        var changes: [OutboxChange] = []
        for command in request.commands {
            var outcome = outcomes[command.key] ?? .notRun
            // A command that read the result of a failed command of this batch had no effect.
            if let dependency = command.dependsOnKey, outcomes[dependency]?.isSuccess != true {
                outcome = .notRun
            }
            changes += decide(command, outcome, at: now)
        }
        record(changes, at: now)
    }

    /// The outbox change for one command's outcome.
    private func decide(_ command: PlannedCommand, _ outcome: CommandOutcome, at now: Date) -> [OutboxChange] {
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
                logger.info(
                    "finish answered 'Call is not found' after an attempt that may have landed: counted as done",
                    metadata: ["call": "\(entry.command.callKey)"]
                )
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
                stats.retries += 1
                if entry.attempts >= configuration.maxAttempts { return deadLetter(entry, reason: error.description) }
                let delay = configuration.backoff(afterAttempts: entry.attempts, random: Double.random(in: 0...1))
                entry.notBefore = now.addingTimeInterval(delay)
                return [.update(entry)]
            case .backOffMethod(let until):
                let resume =
                    until.flatMap { $0 > now ? $0 : nil } ?? now.addingTimeInterval(configuration.methodBackoff.seconds)
                methodBlockedUntil[command.method] = resume
                logger.warning(
                    "bitrix24 method backed off",
                    metadata: ["method": "\(command.method)", "until": "\(resume)"]
                )
                return [.update(entry)]
            case .pausePortal(let reason):
                pausePortal(reason: reason, at: now)
                return [.update(entry)]
            case .giveUp:
                entry.attempts += 1
                return deadLetter(entry, reason: error.description)
            }
        }
    }

    /// The portal refuses us as a whole: leave it alone for a while, and say so once.
    func pausePortal(reason: String, at now: Date) {
        let until = now.addingTimeInterval(configuration.portalPause.seconds)
        if let current = pausedUntil, current >= now { return }
        pausedUntil = until
        stats.portalPauses += 1
        logger.error("bitrix24 portal paused", metadata: ["reason": "\(reason)", "until": "\(until)"])
    }

    /// Rate-limited (503 `QUERY_LIMIT_EXCEEDED`) or unreachable (the request provably never left).
    static func isPortalUnavailable(_ error: Bitrix24Error) -> Bool {
        if error.code == "QUERY_LIMIT_EXCEEDED" { return true }
        if case .transport(.cannotConnect) = error.reason { return true }
        return false
    }

    /// Leaves the portal alone for a growing, jittered while after consecutive "unavailable" answers.
    func backOffPortal(_ error: Bitrix24Error, at now: Date) {
        consecutivePortalFailures += 1
        let delay = configuration.backoff(afterAttempts: consecutivePortalFailures, random: Double.random(in: 0...1))
        pausedUntil = max(pausedUntil ?? now, now.addingTimeInterval(delay))
        logger.warning(
            "bitrix24 portal unavailable; backing off",
            metadata: [
                "error": "\(error.description)", "seconds": "\(delay)", "consecutive": "\(consecutivePortalFailures)",
            ]
        )
    }

    /// The command, and every queued command of the same call reading its result (transitively), to the dead letters.
    func deadLetter(_ entry: OutboxEntry, reason: String) -> [OutboxChange] {
        var changes: [OutboxChange] = [.deadLetter(entry, reason: reason)]
        var dead: Set<String> = [entry.command.step]
        for other in queues[entry.command.callKey] ?? [] where other.id != entry.id {
            if other.command.bindings.values.contains(where: { dead.contains($0.step) }) {
                dead.insert(other.command.step)
                changes.append(
                    .deadLetter(other, reason: "depends on \(entry.command.step), which was given up: \(reason)")
                )
            }
        }
        return changes
    }

    /// Dead-letters commands found undeliverable while planning.
    func deadLetterNow(_ entries: [(OutboxEntry, String)]) {
        record(entries.flatMap { deadLetter($0.0, reason: $0.1) }, at: clock.now)
    }

    /// Writes the changes (one transaction), then mirrors them in memory. When the write fails nothing changes
    /// in memory either, so the commands are simply sent again (at-least-once).
    func record(_ changes: [OutboxChange], at now: Date) {
        var seen: Set<Int64> = []
        let changes = changes.filter { seen.insert($0.entryID).inserted }
        guard !changes.isEmpty else { return }
        do {
            try outbox.apply(changes, at: now)
        } catch {
            logger.error("outbox write failed; the commands will be sent again", metadata: ["error": "\(error)"])
            return
        }
        for change in changes {
            switch change {
            case .acknowledge(let entry, let result):
                remove(entry)
                results[entry.command.callKey, default: [:]][entry.command.step] = result
                stats.acknowledged += 1
                outcomeSink.yield(.delivered(entry.command, result: result))
            case .update(let entry):
                if let index = queues[entry.command.callKey]?.firstIndex(where: { $0.id == entry.id }) {
                    queues[entry.command.callKey]?[index] = entry
                }
            case .deadLetter(let entry, let reason):
                remove(entry)
                stats.deadLettered += 1
                deadLetterCounter.increment()
                outcomeSink.yield(.gaveUp(entry.command, reason: reason))
                logger.error(
                    "bitrix24 command given up (dead letter)",
                    metadata: [
                        "call": "\(entry.command.callKey)", "step": "\(entry.command.step)",
                        "method": "\(entry.command.method)",
                        "attempts": "\(entry.attempts)", "reason": "\(reason)",
                    ]
                )
            }
        }
        for call in Set(changes.map(\.callKey)) where queues[call]?.isEmpty ?? true {
            queues[call] = nil
            if let steps = results.removeValue(forKey: call) { keepIdle(call, steps) }
        }
    }

    /// Keeps the results of a call whose queue emptied (they are the outbox's `delivered` rows of that call).
    private func keepIdle(_ call: String, _ steps: [String: Bitrix24Value]) {
        if idleResults.updateValue(steps, forKey: call) == nil { idleOrder.append(call) }
        if idleOrder.count > Self.idleResultsLimit * 2 {
            // Compact: drop calls taken back by enqueue, then the oldest beyond the limit.
            idleOrder.removeAll { idleResults[$0] == nil }
            while idleOrder.count > Self.idleResultsLimit { idleResults[idleOrder.removeFirst()] = nil }
        }
    }

    private func remove(_ entry: OutboxEntry) {
        queues[entry.command.callKey]?.removeAll { $0.id == entry.id }
    }

    /// `crm.duplicate.findbycomm` found something: `{"LEAD":[12]}` (not `[]`).
    static func foundDuplicates(_ result: Bitrix24Value) -> Bool {
        guard let types = result.objectValue else { return false }
        return types.values.contains { !($0.arrayValue ?? []).isEmpty }
    }

    /// Whether a failed attempt may nevertheless have run on the portal (its answer was lost, or the
    /// portal failed part-way). A rate-limit or overload refusal provably did not run.
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

extension OutboxChange {
    var entryID: Int64 {
        switch self {
        case .acknowledge(let entry, _), .update(let entry), .deadLetter(let entry, _): entry.id
        }
    }

    var callKey: String {
        switch self {
        case .acknowledge(let entry, _), .update(let entry), .deadLetter(let entry, _): entry.command.callKey
        }
    }
}
