import Adapters
import Foundation
import Logging
import Metrics

extension PortalScheduler {
    /// Marks the request's commands in flight, sends it and reports the answer as the machine's next input. A request
    /// cut short by cancellation (the scheduler stopping) reports nothing.
    nonisolated func deliver(_ request: DeliveryRequest) async {
        do {
            try await outbox.markInFlight(request.commands.map(\.entry.id))
        } catch {
            await notSent(request.id, error.description)
            return
        }
        requestCounter.increment()
        let started = ContinuousClock.now
        let (answer, requests) = await send(request)
        let elapsed = (ContinuousClock.now - started).components
        requestTimer.recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
        // Stopped mid-request: record nothing. The rows stay marked in flight, so the next start treats them as
        // possibly delivered (a finish's "Call is not found" then counts as done, a lead is checked again).
        if Task.isCancelled { return }
        switch answer {
        case .success(let outcomes): await answered(request.id, outcomes, requests: requests)
        case .failure(let error): await failed(request.id, error, requests: requests)
        }
    }

    /// One HTTP request — a direct call for one command, a `batch` (halt=0) for several — or the solo sender's for a
    /// command that goes alone; with the number of HTTP requests it took.
    nonisolated func send(
        _ request: DeliveryRequest
    ) async -> (Result<[String: DeliveryCommandOutcome], Bitrix24Error>, requests: Int) {
        if request.commands.count == 1, let command = request.commands.first {
            if let upload = command.entry.command.upload {
                // A recording: read from its file as it goes, inline or by the two-step upload.
                do {
                    let sent = try await RecordUploadSender.send(command, upload: upload, client: client)
                    return (.success([command.key: .success(sent.result)]), sent.requests)
                } catch {
                    return (.failure(Self.classified(error, method: command.method)), 1)
                }
            }
            if command.entry.command.kind.sendsAlone, let soloSender {
                do {
                    let result = try await soloSender.send(command, client: client)
                    return (.success([command.key: .success(result)]), soloSender.requestsPerSend)
                } catch {
                    return (.failure(Self.classified(error, method: command.method)), soloSender.requestsPerSend)
                }
            }
            do {
                let response = try await client.call(command.method, command.params)
                return (.success([command.key: .success(response.result)]), 1)
            } catch {
                return (.failure(Self.classified(error, method: command.method)), 1)
            }
        }
        do {
            let answer = try await client.batch(
                request.commands.map { Bitrix24BatchCommand(key: $0.key, method: $0.method, params: $0.params) },
                halt: false
            )
            var outcomes: [String: DeliveryCommandOutcome] = [:]
            for command in request.commands {
                if let result = answer.results[command.key] {
                    outcomes[command.key] = .success(result)
                } else if let error = answer.errors[command.key] {
                    outcomes[command.key] = .failure(error)
                }
            }
            return (.success(outcomes), 1)
        } catch {
            return (.failure(Self.classified(error, method: "batch")), 1)
        }
    }

    static func classified(_ error: any Error, method: String) -> Bitrix24Error {
        if let error = error as? Bitrix24Error { return error }
        return Bitrix24Error(method: method, reason: .transport(.other("\(type(of: error))")), action: .retryLater)
    }

    /// The log line and metric of a notice.
    func report(_ notice: DeliveryNotice) {
        switch notice {
        case .resumed(let pending, let calls):
            logger.info("outbox resumed", metadata: ["pending": "\(pending)", "calls": "\(calls)"])
        case .rateLimited:
            rateLimitedCounter.increment()
        case .portalUnavailable(let error, let seconds, let consecutive):
            logger.warning(
                "bitrix24 portal unavailable; backing off",
                metadata: ["error": "\(error)", "seconds": "\(seconds)", "consecutive": "\(consecutive)"]
            )
        case .portalPaused(let reason, let until):
            logger.error("bitrix24 portal paused", metadata: ["reason": "\(reason)", "until": "\(until)"])
        case .methodBackedOff(let method, let until):
            logger.warning("bitrix24 method backed off", metadata: ["method": "\(method)", "until": "\(until)"])
        case .finishCountedDone(let call):
            logger.info(
                "finish answered 'Call is not found' after an attempt that may have landed: counted as done",
                metadata: ["call": "\(call)"]
            )
        case .deadLettered(let entry, let reason):
            deadLetterCounter.increment()
            logger.error(
                "bitrix24 command given up (dead letter)",
                metadata: [
                    "call": "\(entry.command.callKey)", "step": "\(entry.command.step)",
                    "method": "\(entry.command.method)", "attempts": "\(entry.attempts)", "reason": "\(reason)",
                ]
            )
        case .storageFailed(let operation, let detail, let retry):
            storageErrorCounter.increment()
            logger.error(
                operation == "record outcome"
                    ? "outbox write failed; the portal's answers are kept in memory and recorded again"
                    : "outbox write failed; the request did not leave and goes again",
                metadata: [
                    "operation": "\(operation)", "error": "\(detail)", "retry_in": "\(String(format: "%.1f", retry))",
                ]
            )
        case .cardExpired(let entry, let age):
            expiredCounter.increment()
            logger.warning(
                "card expired before it could be shown; given up",
                metadata: [
                    "call": "\(entry.command.callKey)", "step": "\(entry.command.step)",
                    "age_seconds": "\(Int(age))",
                ]
            )
        case .commandsHeld(let count, let detail, let retry):
            storageErrorCounter.increment()
            logger.critical(
                "outbox write failed; commands held in memory and written again later",
                metadata: ["held": "\(count)", "error": "\(detail)", "retry_in": "\(String(format: "%.1f", retry))"]
            )
        }
    }
}
