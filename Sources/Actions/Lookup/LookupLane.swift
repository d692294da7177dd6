/// Runs the CRM searches of `find-client`-like rules (`b24.search_crm` with `as:`, outside a FastAGI request) through
/// the lookup lane instead of the outbox, when the FastAGI server is on: the dialplan's request for the same number a
/// moment later then joins that lookup or finds it cached, so a call costs one search, not two. A lookup that fails
/// (portal down, rate limited, timeout) goes to the durable outbox after all, as it would have without the lane.
public final class LookupLane: Sendable {
    /// One search: where its result lands, and the outbox command that stands in when it fails.
    struct Work: Sendable {
        var request: LookupRequest
        var fallback: DeliveryCommand
    }

    let lookup: any PortalLookup
    private let work: AsyncStream<Work>
    private let sink: AsyncStream<Work>.Continuation

    /// A lane looking up through `lookup` (the one the FastAGI requests use, so they share its cache).
    public init(lookup: any PortalLookup) {
        self.lookup = lookup
        (work, sink) = AsyncStream.makeStream(of: Work.self)
    }

    func submit(_ item: Work) {
        sink.yield(item)
    }

    /// Looks up what is submitted, each search in its own child task, and lands the results in `pipeline` until the
    /// task is cancelled.
    public func run(landingIn pipeline: CallPipeline) async {
        await withDiscardingTaskGroup { group in
            for await item in work {
                group.addTask {
                    do {
                        let result = try await self.lookup.searchCRM(phone: item.request.phone)
                        await pipeline.landLaneLookup(item, result: .success(result))
                    } catch {
                        await pipeline.landLaneLookup(item, result: .failure(LookupFailure("\(error)")))
                    }
                }
            }
        }
    }
}
