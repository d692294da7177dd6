import AGIProtocol
import AMIProtocol
public import Actions
import Adapters
import Engine
import Foundation
public import Logging
import RuleDSL
import ServiceLifecycle
import Simulators
import SwitchboardDaemon
import Synchronization

/// The FastAGI decision path of `engine run`, in this process on loopback, for `engine bench agi`: scripted Asterisk
/// peers (``AGIPeerCrowd``, the recorded environment block) → ``AGIServer`` → ``RulesAGIHandler`` → ``CallPipeline``
/// with the default rules → the lookup lane (``CachedPortalLookup`` over ``BatchedPortalLookup``) →
/// ``Bitrix24Client`` → the fake portal (``FakeBitrix24``, no rate limit; the client's bucket at 10,000/s). The calls'
/// channels reach the pipeline as synthetic AMI events (Newchannel in context `incoming`) before they ask; their
/// registers and find-client's searches go through the outbox meanwhile, as without FastAGI.
///
/// Latency: from the request's first byte written by the peer to the server closing the session with its answer
/// (`SET VARIABLE ROUTE_EXTEN`, `ROUTE_USER`), on the peer's monotonic clock.
public final class AGILatencyRig: Sendable {
    /// What one round measured.
    public struct Round: Sendable {
        /// Per session, first byte → answer complete.
        public let latencies: [Duration]
        /// Sessions answered with a route (all callers are known clients whose managers are at work).
        public let routed: Int
        /// From the first request to the last answer.
        public let span: Duration
        /// CPU seconds this whole process spent meanwhile (engine, fake portal and scripted peers together).
        public let cpuSeconds: Double
        /// Lookups sent to the portal during the round (alone or in a `batch`).
        public let portalLookups: Int
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let managers = 20

    let portal: FakeBitrix24
    let scheduler: PortalScheduler
    let pipeline: CallPipeline
    let lookup: CachedPortalLookup
    let counted: CountedLookup
    let server: AGIServer
    let environment: AGIEnvironmentFixture
    let port: Int
    let folder: URL
    private let group: ServiceGroup
    private let running: Task<Void, Never>

    /// Builds and starts everything; `numbers` known clients (contacts) are seeded in the portal. `fixedAnswer`: the
    /// server answers every request with one route at once (``FixedRouteHandler``), to time the server alone.
    public static func start(
        rulesPath: String,
        environment: [UInt8],
        numbers: Int,
        fixedAnswer: Bool = false,
        logLevel: Logger.Level = .info
    ) async throws -> AGILatencyRig {
        let loaded = RuleSetLoader.load(paths: [rulesPath])
        guard let ruleSet = loaded.ruleSet else {
            throw Failure(description: "the rules in \(rulesPath) do not load (try `engine lint \(rulesPath)`)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-agi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let portal = FakeBitrix24(configuration: FakeBitrix24Configuration(rateLimit: nil))
        var users: [String: Int] = [:]
        for index in 0..<managers {
            let ext = "\(301 + index)"
            users[ext] = 101 + index
            portal.addUser(FakeBitrix24User(id: 101 + index, name: "Manager \(ext)", phoneInner: ext))
        }
        for index in 0..<numbers {
            _ = portal.addCrmEntity(
                FakeBitrix24CrmEntity(
                    type: "CONTACT",
                    name: "Client \(index)",
                    phones: [SyntheticAGICall.number(index)],
                    assignedByID: 101 + index % managers
                )
            )
        }
        try await portal.start()
        _ = SwitchboardMetrics.bootstrap()
        let outbox = try Outbox(path: folder.appendingPathComponent("switchboard.sqlite").path)
        let client = Bitrix24Client(
            auth: try Bitrix24WebhookAuth(webhookURL: portal.webhookURL),
            logger: .discarding("switchboard.bitrix24", level: logLevel)
        )
        let scheduler = PortalScheduler(
            outbox: outbox,
            client: client,
            configuration: DeliveryConfiguration(rateLimit: .init(burst: 10_000, perSecond: 10_000)),
            logger: .discarding("switchboard.delivery", level: logLevel)
        )
        let config: Value = [
            "pbx": ["id": "bench"],
            "bitrix24": [
                "default_user": 1, "country": "RU", "anonymous_number": .string(EngineConfig.defaultAnonymousNumber),
                "lead_creation": "portal",
            ],
        ]
        let pipeline = CallPipeline(
            engine: CallEngine(
                generation: RuleGeneration(number: 1, ruleSet: ruleSet),
                interpreter: RuleInterpreter(config: config, functions: UserLookup(overrides: users).functions)
            ),
            scheduler: scheduler,
            ami: nil,
            persistence: try await CallStateStore(outbox: outbox),
            logger: .discarding("switchboard.pipeline", level: logLevel)
        )
        let sender = BatchedPortalLookup(scheduler: scheduler)
        let counted = CountedLookup(upstream: sender)
        let lookup = CachedPortalLookup(upstream: counted, lifetime: .seconds(3600))
        // find-client's searches stay in the outbox (no lookup lane): each request's own lookup is the first for its
        // number, so uncached rounds time a lookup made during the request.
        let server = AGIServer(
            configuration: AGIServerConfiguration(
                address: ListenAddress(host: "127.0.0.1", port: 0),
                deadline: .seconds(5)
            ),
            handler: fixedAnswer
                ? AGIRouter(fallback: FixedRouteHandler())
                : AGIRouter(fallback: RulesAGIHandler(pipeline: pipeline, lookup: lookup)),
            logger: .discarding("switchboard.agi", level: logLevel)
        )
        let services: [any Service] = [
            DeliveryService(
                scheduler: scheduler,
                probeClient: client,
                pipeline: pipeline,
                health: HealthRegistry(),
                probeInterval: .seconds(3600),
                drainTimeout: .seconds(5),
                logger: .discarding("switchboard.delivery", level: logLevel)
            ),
            LookupSenderService(sender: sender),
            server,
        ]
        let group = ServiceGroup.bench(services)
        let running = Task { do { try await group.run() } catch {} }
        let port = try await server.listeningPort()
        return AGILatencyRig(
            portal: portal,
            scheduler: scheduler,
            pipeline: pipeline,
            lookup: lookup,
            counted: counted,
            server: server,
            environment: AGIEnvironmentFixture(bytes: environment),
            port: port,
            folder: folder,
            group: group,
            running: running
        )
    }

    private init(
        portal: FakeBitrix24,
        scheduler: PortalScheduler,
        pipeline: CallPipeline,
        lookup: CachedPortalLookup,
        counted: CountedLookup,
        server: AGIServer,
        environment: AGIEnvironmentFixture,
        port: Int,
        folder: URL,
        group: ServiceGroup,
        running: Task<Void, Never>
    ) {
        self.portal = portal
        self.scheduler = scheduler
        self.pipeline = pipeline
        self.lookup = lookup
        self.counted = counted
        self.server = server
        self.environment = environment
        self.port = port
        self.folder = folder
        self.group = group
        self.running = running
    }

    /// One round: `sessions` calls appear (AMI), then all ask at once; `cached` keeps the lookups of earlier rounds,
    /// otherwise the cache is emptied first; `settled`: the calls' own Bitrix24 work (registers, searches) is delivered
    /// before they ask, so the round times the decisions alone. Callers are `numbers[offset…]`.
    public func round(
        _ round: Int,
        sessions: Int,
        offset: Int,
        cached: Bool,
        settled: Bool = false
    ) async throws -> Round {
        if !cached { lookup.removeAll() }
        let calls = (0..<sessions).map { SyntheticAGICall(round: round, index: $0, number: offset + $0) }
        await pipeline.handle(calls.map(\.newchannel))
        if settled {
            await scheduler.waitUntilIdle()
            // The last outcomes land in the pipeline just after the scheduler went idle.
            try await Task.sleep(for: .milliseconds(50))
        }
        let blocks = calls.map { call in
            environment
                .replacing("agi_uniqueid", with: call.linkedid)
                .replacing("agi_channel", with: call.channel)
                .replacing("agi_callerid", with: call.caller)
                .bytes
        }
        let before = portalLookups
        let cpuBefore = EncoderThroughput.cpuSeconds()
        let started = ContinuousClock.now
        let outcomes = try await AGIPeerCrowd.run(port: port, environments: blocks)
        return Round(
            latencies: outcomes.map(\.elapsed),
            routed: outcomes.filter { $0.variables["ROUTE_EXTEN"] != nil }.count,
            span: ContinuousClock.now - started,
            cpuSeconds: EncoderThroughput.cpuSeconds() - cpuBefore,
            portalLookups: portalLookups - before
        )
    }

    private var portalLookups: Int { counted.count }

    /// Stops everything and removes the temp folder.
    public func stop() async {
        await group.triggerGracefulShutdown()
        await running.value
        await portal.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// A caller's channel of the AGI bench, as Asterisk 22 reports it: it appears with its number in context `incoming`
/// (shape from captures/answered.ami).
struct SyntheticAGICall: Sendable {
    let linkedid: String
    let caller: String
    let channel: String

    /// The number of known client `index`.
    static func number(_ index: Int) -> String { "7926\(String(format: "%07d", index % 10_000_000))" }

    init(round: Int, index: Int, number: Int) {
        linkedid = "\(1_795_700_000 + round * 1_000).\(index)"
        caller = Self.number(number)
        channel = "PJSIP/trunk-\(String(format: "%04x%04x", round, index))"
    }

    var newchannel: AMIMessage {
        AMIMessage([
            AMIHeader("Event", "Newchannel"), AMIHeader("Privilege", "call,all"), AMIHeader("Channel", channel),
            AMIHeader("ChannelState", "4"), AMIHeader("ChannelStateDesc", "Ring"), AMIHeader("CallerIDNum", caller),
            AMIHeader("CallerIDName", "Client \(caller)"), AMIHeader("ConnectedLineNum", "<unknown>"),
            AMIHeader("ConnectedLineName", "<unknown>"), AMIHeader("Language", "en"), AMIHeader("AccountCode", ""),
            AMIHeader("Context", "incoming"), AMIHeader("Exten", "74951234567"), AMIHeader("Priority", "1"),
            AMIHeader("Uniqueid", linkedid), AMIHeader("Linkedid", linkedid),
        ])
    }
}

/// Counts the lookups that reach the portal (past the cache).
final class CountedLookup: PortalLookup {
    let upstream: any PortalLookup
    private let counter = Mutex(0)

    init(upstream: any PortalLookup) {
        self.upstream = upstream
    }

    var count: Int { counter.withLock { $0 } }

    func searchCRM(phone: String) async throws -> Bitrix24Value {
        counter.withLock { $0 += 1 }
        return try await upstream.searchCRM(phone: phone)
    }
}

/// Runs the lookups' sender, as the daemon's lookup lane service does.
struct LookupSenderService: Service {
    let sender: BatchedPortalLookup

    func run() async throws {
        await cancelWhenGracefulShutdown { await sender.run() }
    }
}

/// Answers every request with the same route at once, without rules or lookups: the FastAGI server's own cost.
struct FixedRouteHandler: AGIRequestHandler {
    func decide(_ session: AGISessionContext) async -> AGIDecision {
        (try? AGIDecision([.setVariable("ROUTE_EXTEN", "301"), .setVariable("ROUTE_USER", "101")])) ?? .nothing
    }
}
