import AMIProtocol
import Actions
import Adapters
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

        let loaded = RuleSetLoader.load(paths: [config.rulesPath])
        guard let ruleSet = loaded.ruleSet else {
            FileHandle.standardError.write(Data(DiagnosticFormat.human.render(loaded.report, color: false).utf8))
            throw StartupFailure("the rules in \(config.rulesPath) have errors")
        }
        health.markHealthy(HealthComponent.rules, detail: "\(ruleSet.rules.count) rules")

        let outbox: Outbox
        let store: CallStateStore
        let saved: [SavedCall]
        let delivered: [String: [String: Bitrix24Value]]
        do {
            try StateFile.prepare(path: config.statePath)
            outbox = try Outbox(path: config.statePath)
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
        await DirectoryService.refresh(directory, into: lookup, logger: logger)

        let scheduler = PortalScheduler(
            outbox: outbox,
            client: client,
            configuration: DeliveryConfiguration(
                rateLimit: .init(burst: Double(portal.burst), perSecond: portal.requestsPerSecond)
            ),
            logger: Logger(label: "switchboard.delivery")
        )
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
        let engine = CallEngine(
            generation: RuleGeneration(number: 1, ruleSet: ruleSet),
            interpreter: RuleInterpreter(config: config.expressionValue, functions: lookup.functions)
        )
        let pipeline = CallPipeline(
            engine: engine,
            scheduler: scheduler,
            ami: ami,
            persistence: store,
            logger: Logger(label: "switchboard.pipeline")
        )
        if !saved.isEmpty {
            await pipeline.restore(saved)
            await pipeline.relandDelivered(delivered)
            logger.notice(
                "calls left open by the last run restored; the resync with Asterisk settles them",
                metadata: ["calls": "\(saved.count)"]
            )
        }
        let reloader = RuleReloader(path: config.rulesPath, pipeline: pipeline, health: health, logger: logger)
        if !ruleSet.queues.isEmpty {
            // Said at start, so nobody mistakes a checked `queues:` section for calls routed through it.
            logger.warning(
                "engine queues are checked but do not route calls yet: the FastAGI queue loop is not wired",
                metadata: ["queues": "\(ruleSet.queues.keys.sorted().joined(separator: ","))"]
            )
        }
        logger.notice(
            "switchboard starting",
            metadata: [
                "pbx": "\(config.pbxID)", "rules": "\(ruleSet.rules.count)", "state": "\(config.statePath)",
                "portal": "\(auth.portalDescription)",
            ]
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
                DirectoryService(directory: directory, lookup: lookup, interval: .seconds(300), logger: logger),
                ReloadService(reloader: reloader, logger: logger),
                AMIIngestService(
                    client: ami,
                    pipeline: pipeline,
                    health: health,
                    logger: Logger(label: "switchboard.ami"),
                    reconcileInterval: amiConfig.reconcileSeconds > 0 ? .seconds(amiConfig.reconcileSeconds) : nil
                ),
                AdminServer(
                    address: adminAddress,
                    metrics: metrics,
                    health: health,
                    reload: {
                        let outcome = await reloader.reload()
                        return outcome.ok ? .ok(message: outcome.message) : .failed(message: outcome.message)
                    },
                    logger: Logger(label: "switchboard.http.admin")
                ),
            ] + (publicAddress.map { [PublicServer(address: $0, health: health)] } ?? [])
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "switchboard.lifecycle")
            )
        )
        return Daemon(group: group)
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
