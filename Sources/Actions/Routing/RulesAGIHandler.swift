public import AGIProtocol
public import Adapters
import Logging

/// Answers FastAGI requests with the rules (`on: agi.request`): the pipeline runs them, this handler performs the CRM
/// lookups they ask for (all of a step at once, through ``PortalLookup``) and lands them, until the answer is
/// complete. Cancelled (the deadline passed, or the channel hung up), it tells the pipeline to forget the request.
public struct RulesAGIHandler: AGIRequestHandler {
    let pipeline: CallPipeline
    let lookup: any PortalLookup

    /// A handler over `pipeline`, looking up through `lookup`.
    public init(pipeline: CallPipeline, lookup: any PortalLookup) {
        self.pipeline = pipeline
        self.lookup = lookup
    }

    public func decide(_ session: AGISessionContext) async -> AGIDecision {
        let pipeline = self.pipeline
        let id = session.id
        var step = await Self.uncancelled { await pipeline.beginAGI(session.request, session: id) }
        while case .lookups(let requests) = step, !requests.isEmpty, !Task.isCancelled {
            let outcomes = await lookUp(requests)
            guard !Task.isCancelled else { break }
            step = await Self.uncancelled { await pipeline.landLookups(outcomes, session: id) }
        }
        guard case .answer(let decision) = step, !Task.isCancelled else {
            await Self.uncancelled { await pipeline.endAGI(session: id) }
            return .nothing
        }
        return decision
    }

    /// Runs a step of the pipeline to its end even when the session's task is cancelled (the deadline passed, the
    /// channel hung up): the step writes the call's state and the outbox, which a cancelled task would cut short — the
    /// state file's write throws `CancellationError`, logged as a storage fault. Awaited at once, so no task outlives
    /// the call; only the portal lookups between the steps are cancelled.
    private static func uncancelled<T: Sendable>(_ step: @escaping @Sendable () async -> T) async -> T {
        await Task { await step() }.value
    }

    private func lookUp(_ requests: [LookupRequest]) async -> [LookupOutcome] {
        await withTaskGroup(of: LookupOutcome.self) { group in
            for request in requests {
                group.addTask {
                    do {
                        return LookupOutcome(
                            request: request,
                            result: .success(try await lookup.searchCRM(phone: request.phone))
                        )
                    } catch let error as Bitrix24Error {
                        return LookupOutcome(request: request, result: .failure(LookupFailure(error.description)))
                    } catch {
                        return LookupOutcome(request: request, result: .failure(LookupFailure("\(type(of: error))")))
                    }
                }
            }
            var outcomes: [LookupOutcome] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
    }
}
