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
        let id = session.id
        var step = await pipeline.beginAGI(session.request, session: id)
        while case .lookups(let requests) = step, !requests.isEmpty, !Task.isCancelled {
            let outcomes = await lookUp(requests)
            guard !Task.isCancelled else { break }
            step = await pipeline.landLookups(outcomes, session: id)
        }
        guard case .answer(let decision) = step, !Task.isCancelled else {
            await pipeline.endAGI(session: id)
            return .nothing
        }
        return decision
    }

    /// Looks `requests` up at once (one alone in this task, several in child tasks).
    private func lookUp(_ requests: [LookupRequest]) async -> [LookupOutcome] {
        if requests.count == 1, let only = requests.first { return [await lookUp(only)] }
        return await withTaskGroup(of: LookupOutcome.self) { group in
            for request in requests {
                group.addTask { await lookUp(request) }
            }
            var outcomes: [LookupOutcome] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
    }

    private func lookUp(_ request: LookupRequest) async -> LookupOutcome {
        do {
            return LookupOutcome(request: request, result: .success(try await lookup.searchCRM(phone: request.phone)))
        } catch let error as Bitrix24Error {
            return LookupOutcome(request: request, result: .failure(LookupFailure(error.description)))
        } catch {
            return LookupOutcome(request: request, result: .failure(LookupFailure("\(type(of: error))")))
        }
    }
}
