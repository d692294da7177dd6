import Actions
import Adapters
import Logging
import RuleDSL
import ServiceLifecycle

/// The FastAGI part of `engine run`: the server, its router (each path in `routes` to its own handler, every other
/// script to the rules, where `event.script` tells them apart), and the lookup lane its decisions and the pipeline's
/// CRM searches share (one cache, one request per number).
enum AGIWiring {
    /// The FastAGI server and the lookup lane's service.
    struct Parts {
        let server: AGIServer
        let lane: LookupLaneService

        var services: [any Service] { [lane, server] }
    }

    /// The parts for `agi:` (nil when the section is absent); the pipeline's CRM searches go through the lane.
    /// `routes` claims script paths for handlers of their own (`["queue": handler]` for `agi://host/queue`).
    static func parts(
        _ agi: EngineConfig.AGI?,
        pipeline: CallPipeline,
        scheduler: PortalScheduler,
        routes: [String: any AGIRequestHandler] = [:],
        logger: Logger
    ) async throws -> Parts? {
        guard let agi else { return nil }
        let address: ListenAddress
        do { address = try ListenAddress(parsing: agi.listen) } catch {
            throw StartupFailure("agi.listen: \(error)")
        }
        if !["127.0.0.1", "::1", "localhost"].contains(address.host) {
            logger.notice(
                "agi.listen is not a loopback address: FastAGI has no authentication, so let only Asterisk reach it",
                metadata: ["address": "\(address)"]
            )
        }
        let sender = BatchedPortalLookup(scheduler: scheduler)
        let lookup = CachedPortalLookup(upstream: sender, lifetime: .seconds(agi.lookupCacheSeconds))
        let lane = LookupLane(lookup: lookup)
        await pipeline.useLookupLane(lane)
        var router = AGIRouter(fallback: RulesAGIHandler(pipeline: pipeline, lookup: lookup))
        for (path, handler) in routes { router.register(path, handler) }
        let server = AGIServer(
            configuration: AGIServerConfiguration(
                address: address,
                deadline: .milliseconds(agi.deadlineMilliseconds),
                sessionTimeLimit: .seconds(agi.sessionSeconds),
                maxSessions: agi.maxSessions
            ),
            handler: router,
            logger: Logger(label: "switchboard.agi")
        )
        return Parts(server: server, lane: LookupLaneService(lane: lane, sender: sender, pipeline: pipeline))
    }
}
