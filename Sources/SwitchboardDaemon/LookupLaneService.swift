public import Actions
public import ServiceLifecycle

/// Runs the lookup lane (``LookupLane``) and the sender of its lookups (``BatchedPortalLookup``) while the daemon runs:
/// CRM searches ahead of the outbox, landing in the pipeline. Stops with the daemon; a search it had not finished is
/// looked up again by nobody — the rules' `??` fallbacks and the 30 s wait for results cover it, as for any result
/// that never comes.
public struct LookupLaneService: Service {
    let lane: LookupLane
    let sender: BatchedPortalLookup
    let pipeline: CallPipeline

    /// The service of `lane`, landing in `pipeline`, with `sender` sending the lookups of the lane and of FastAGI.
    public init(lane: LookupLane, sender: BatchedPortalLookup, pipeline: CallPipeline) {
        self.lane = lane
        self.sender = sender
        self.pipeline = pipeline
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await sender.run() }
                group.addTask { await lane.run(landingIn: pipeline) }
            }
        }
    }
}
