import AMIProtocol
public import Actions
public import Adapters
import Engine
import Foundation
import Logging
public import RuleDSL
public import ServiceLifecycle
import UnixSignals

/// The parts of `engine run`, built from the configuration and run as one service group: graceful shutdown on
/// SIGTERM/SIGINT (AMI logs off first, then the outbox drains for a while; what is left stays for the next start).
public struct Daemon: Sendable {
    /// How the daemon paces its housekeeping.
    public struct Options: Sendable {
        /// How often the portal is probed while nothing is being sent.
        public var probeInterval: Duration
        /// How long a graceful shutdown waits for the outbox to drain.
        public var drainTimeout: Duration

        /// Options.
        public init(probeInterval: Duration, drainTimeout: Duration) {
            self.probeInterval = probeInterval
            self.drainTimeout = drainTimeout
        }
    }

    /// The daemon's services; `triggerGracefulShutdown()` stops them.
    public let group: ServiceGroup
    /// The pipeline (call model, rules, executor), for benchmarks that watch it.
    public let pipeline: CallPipeline
    /// The rules' reloader (SIGHUP and `POST /reload` go through it).
    public let reloader: RuleReloader
    /// The public listener (`http.listen`), if configured: its `listeningPort()` once running.
    public let publicServer: PublicServer?
    /// The FastAGI server, when `agi:` is configured (its `listeningPort()` tells the bound port).
    public let agiServer: AGIServer?

    /// Loads the rules, opens the state file, loads the user directory and restores the calls left open; throws
    /// ``StartupFailure`` saying what is wrong when something the daemon needs is missing or broken (the rules'
    /// diagnostics are printed to standard error first).
    public static func start(config: EngineConfig, options: Options) async throws -> Daemon {
        let logger = Logger(label: "switchboard")
        guard let amiConfig = config.ami, let portal = config.bitrix24 else {
            throw StartupFailure("no ami or bitrix24 section")
        }
        let metrics = SwitchboardMetrics.bootstrap()
        let health = HealthRegistry()
        let adminAddress: ListenAddress
        let publicAddress: ListenAddress?
        do {
            adminAddress = try ListenAddress(parsing: config.adminListen)
            publicAddress = try config.httpListen.map { try ListenAddress(parsing: $0) }
        } catch {
            throw StartupFailure("listen address: \(error)")
        }
        guard ["127.0.0.1", "::1", "localhost"].contains(adminAddress.host) else {
            throw StartupFailure(
                "admin.listen must be a loopback address (127.0.0.1, ::1): /metrics and /reload are never public"
            )
        }

        let (loaded, initialReport, ruleCache) = RuleReloader.initialLoad(path: config.rulesPath)
        guard let ruleSet = loaded.ruleSet else {
            FileHandle.standardError.write(Data(DiagnosticFormat.human.render(loaded.report, color: false).utf8))
            throw StartupFailure("the rules in \(config.rulesPath) have errors")
        }
        health.markHealthy(HealthComponent.rules, detail: "\(ruleSet.rules.count) rules")

        let outbox: Outbox
        let store: CallStateStore
        let saved: [SavedCall]
        let delivered: [String: [String: Bitrix24Value]]
        let leadWatch: LeadCreationWatch
        let engineCreatesLeads: Bool
        do {
            try StateFile.prepare(path: config.statePath)
            outbox = try Outbox(path: config.statePath)
            if let megabytes = config.stateMaxMegabytes {
                let pages = try await outbox.limitSize(toBytes: megabytes << 20)
                logger.info("state file capped", metadata: ["max_mb": "\(megabytes)", "max_pages": "\(pages)"])
            }
            store = try await CallStateStore(outbox: outbox)
            saved = try await store.load { unreadable in
                logger.error(
                    "a saved call could not be read; it is left in the file",
                    metadata: [
                        "call": "\(unreadable.id)", "error": "\(unreadable.detail)",
                    ]
                )
            }
            delivered = try await outbox.deliveredResults(for: Set(saved.map(\.id)))
            leadWatch = LeadCreationWatch(mode: portal.leadCreation, facts: try PortalFacts(outbox: outbox))
            engineCreatesLeads = try await leadWatch.engineCreatesLeadsAtStart()
        } catch {
            throw StartupFailure("cannot open the state file \(config.statePath): \(error)")
        }
        health.markHealthy(HealthComponent.storage, detail: "ok")

        let auth: Bitrix24WebhookAuth
        do { auth = try Bitrix24WebhookAuth(webhookURL: portal.webhookURL.reveal()) } catch {
            throw StartupFailure("bitrix24.webhook_url: \(error)")
        }
        let client = Bitrix24Client(auth: auth, logger: Logger(label: "switchboard.bitrix24"))
        let lookup = UserLookup(overrides: portal.userOverrides)
        let directory = Bitrix24UserDirectory(
            source: client,
            configuration: .init(defaultUserID: portal.defaultUser, overrides: portal.userOverrides),
            logger: Logger(label: "switchboard.directory")
        )
        let directoryLoaded = await DirectoryService.refresh(directory, into: lookup, logger: logger)

        let scheduler = PortalScheduler(
            outbox: outbox,
            client: client,
            configuration: DeliveryConfiguration(
                rateLimit: .init(burst: Double(portal.burst), perSecond: portal.requestsPerSecond),
                depthHighWater: portal.outboxHighWater
            ),
            logger: Logger(label: "switchboard.delivery")
        )
        let recordings = try await recordingService(config, scheduler: scheduler, logger: logger)
        let ami = AMIClient(
            configuration: AMIClientConfiguration(
                host: amiConfig.host,
                port: amiConfig.port,
                credentials: AMICredentials(
                    username: amiConfig.username,
                    secret: AMISecret(amiConfig.secret.reveal()),
                    method: .md5
                ),
                events: amiConfig.events == "on"
                    ? .on : .classes(amiConfig.events.split(separator: ",").map(String.init))
            )
        )
        var engine = CallEngine(
            generation: RuleGeneration(number: 1, ruleSet: ruleSet),
            interpreter: RuleInterpreter(
                config: LeadCreationWatch.config(config.expressionValue, engineCreatesLeads: engineCreatesLeads),
                functions: lookup.functions
            )
        )
        if config.traces.enabled { engine.traces = CallTraces(maxCalls: config.traces.calls) }
        let pipeline = CallPipeline(
            engine: engine,
            scheduler: scheduler,
            ami: ami,
            persistence: store,
            recordings: recordings,
            logger: Logger(label: "switchboard.pipeline")
        )
        await pipeline.watchLeadCreation(leadWatch)
        let queueRouter = try await QueueWiring.router(
            ruleSet: ruleSet,
            agi: config.agi,
            outbox: outbox,
            pipeline: pipeline,
            logger: logger
        )
        let agi = try await AGIWiring.parts(
            config.agi,
            pipeline: pipeline,
            scheduler: scheduler,
            routes: queueRouter.map { ["queue": $0] } ?? [:],
            logger: logger
        )
        if !saved.isEmpty {
            await pipeline.restore(saved)
            await pipeline.relandDelivered(delivered)
            logger.notice(
                "calls left open by the last run restored; the resync with Asterisk settles them",
                metadata: ["calls": "\(saved.count)"]
            )
        }
        let reloader = RuleReloader(
            path: config.rulesPath,
            pipeline: pipeline,
            health: health,
            logger: logger,
            initial: initialReport,
            cache: ruleCache
        )
        let intake = Bitrix24EventIntake(
            maxAgeSeconds: portal.events.maxAgeSeconds,
            dedupeSeconds: portal.events.dedupeSeconds,
            logger: Logger(label: "switchboard.events")
        )
        intake.remember(callIDs: saved.filter { $0.direction == .clickToCall }.compactMap(\.b24CallID), at: Date())
        let publicServer = publicAddress.map {
            PublicServer(
                address: $0,
                health: health,
                events: Self.eventEndpoint(config: config, portal: portal, intake: intake)
            )
        }
        if publicAddress != nil, portal.applicationToken == nil {
            logger.warning(
                "bitrix24.application_token is not set: POST /bitrix24/events refuses every event (no click-to-call)"
            )
        }
        logger.notice(
            "switchboard starting",
            metadata: [
                "pbx": "\(config.pbxID)", "rules": "\(ruleSet.rules.count)", "state": "\(config.statePath)",
                "portal": "\(auth.portalDescription)",
            ]
        )

        let admin = AdminServer(
            address: adminAddress,
            metrics: metrics,
            health: health,
            reload: {
                let report = await reloader.reload(trigger: "POST /reload")
                return ReloadOutcome(succeeded: report.succeeded, message: report.text, json: report.json)
            },
            console: ConsolePages(
                pipeline: pipeline,
                scheduler: scheduler,
                outbox: outbox,
                reloader: reloader,
                health: health
            ),
            logger: Logger(label: "switchboard.http.admin")
        )
        let services: [any Service] =
            [
                DeliveryService(
                    scheduler: scheduler,
                    probeClient: Bitrix24Client(
                        auth: auth,
                        configuration: .init(timeout: .seconds(5)),
                        logger: Logger(label: "switchboard.bitrix24")
                    ),
                    pipeline: pipeline,
                    health: health,
                    probeInterval: options.probeInterval,
                    drainTimeout: options.drainTimeout,
                    logger: Logger(label: "switchboard.delivery")
                ),
                DirectoryService(
                    directory: directory,
                    lookup: lookup,
                    interval: .seconds(300),
                    loaded: directoryLoaded,
                    logger: logger
                ),
                ReloadService(reloader: reloader, logger: logger),
                HeapTrimService(logger: Logger(label: "switchboard.memory")),
                AMIIngestService(
                    client: ami,
                    pipeline: pipeline,
                    health: health,
                    logger: Logger(label: "switchboard.ami"),
                    reconcileInterval: amiConfig.reconcileSeconds > 0 ? .seconds(amiConfig.reconcileSeconds) : nil
                ),
                admin,
                ReadinessService(
                    admin: admin,
                    publicServer: publicServer,
                    notifier: SystemdNotifier(environment: ProcessInfo.processInfo.environment),
                    logger: logger
                ),
            ]
            + (publicServer.map { server -> [any Service] in
                [
                    Bitrix24EventService(
                        intake: intake,
                        pipeline: pipeline,
                        logger: Logger(label: "switchboard.events")
                    ), server,
                ]
            } ?? [])
            + (recordings.map { [RecordingsService(service: $0)] } ?? [])
            + (agi?.services ?? [])
            + (queueRouter.map { [$0] } ?? [])
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "switchboard.lifecycle")
            )
        )
        return Daemon(
            group: group,
            pipeline: pipeline,
            reloader: reloader,
            publicServer: publicServer,
            agiServer: agi?.server
        )
    }

    /// `POST /bitrix24/events`: the application token and portal checks, the source policy and the per-source rate
    /// from the configuration; accepted events go to `intake`.
    static func eventEndpoint(
        config: EngineConfig,
        portal: EngineConfig.Bitrix24,
        intake: Bitrix24EventIntake
    ) -> Bitrix24EventEndpoint {
        let allowed = portal.events.allowFrom
        let proxies = config.trustedProxies
        return Bitrix24EventEndpoint(
            credentials: Bitrix24EventCredentials(
                token: portal.applicationToken?.reveal() ?? "",
                domain: portal.events.domain,
                memberID: portal.events.memberID
            ),
            sources: SourcePolicy(
                isAllowed: { address in allowed.isEmpty || allowed.contains { $0.contains(address) } },
                isTrustedProxy: { address in proxies.contains { $0.contains(address) } }
            ),
            limits: .init(
                perSourcePerSecond: portal.events.perSourcePerSecond,
                perSourceBurst: portal.events.perSourceBurst
            ),
            submit: { intake.submit($0) }
        )
    }

    /// Runs every service until shutdown.
    public func run() async throws {
        try await group.run()
    }
}

/// Why the daemon could not start (printed, exit 1).
public struct StartupFailure: Error, CustomStringConvertible {
    /// What is wrong, for the operator.
    public let description: String
    /// A failure saying `description`.
    public init(_ description: String) { self.description = description }
}
