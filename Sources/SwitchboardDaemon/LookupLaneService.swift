public import Actions
public import ServiceLifecycle

/// Runs the lookup lane (``LookupLane``) while the daemon runs: CRM searches ahead of the outbox, landing in the
/// pipeline. Stops with the daemon; a search it had not finished is looked up again by nobody — the rules' `??`
/// fallbacks and the 30 s wait for results cover it, as for any result that never comes.
public struct LookupLaneService: Service {
    let lane: LookupLane
    let pipeline: CallPipeline

    /// The service of `lane`, landing in `pipeline`.
    public init(lane: LookupLane, pipeline: CallPipeline) {
        self.lane = lane
        self.pipeline = pipeline
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await lane.run(landingIn: pipeline)
        }
    }
}
