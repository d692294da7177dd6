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

/// The whole card path of `engine run`, in this process on loopback, for `engine bench cards` and its test:
/// test AMI server → real ``AMIClient`` → ``CallPipeline`` (call model + the rules) → ``PortalScheduler`` and
/// ``Outbox`` (SQLite in a temp folder) → ``Bitrix24Client`` → ``CardLatencyPortal``. Built as ``Daemon`` builds
/// it: the call state saved in the same file (``CallStateStore``), Prometheus metrics bootstrapped, the AMI ingest
/// and the delivery run by ``AMIIngestService`` and ``DeliveryService`` in a service group.
///
/// Times: t0 is stamped when the AMI client decodes an `AgentCalled` off its socket (its read observer), t1 when
/// the head of the HTTP request carrying that call's `telephony.externalcall.show` reaches the portal. Both from
/// `ContinuousClock`, in this process.
public final class CardLatencyRig: Sendable {
    /// What one round measured.
    public struct Round: Sendable {
        /// Show latency (t1 − t0) per call, in call order; nil for a call whose card never came.
        public let latencies: [Duration?]
        /// The first stage of it: from t0 until the pipeline's rules had reacted to the ring (`call.ringing`),
        /// i.e. the wait behind earlier events plus the call model and rules, before execution and delivery.
        public let ruled: [Duration?]
        /// Shows received per call (Linkedid); exactly 1 is right.
        public let showsPerCall: [String: Int]
        /// The users each call's card was shown to (first show).
        public let shownUsers: [String: [Int]]
        /// HTTP requests the portal received while the round's cards were being delivered.
        public let showRequests: Int
        /// From the first AgentCalled read to the last show received.
        public let span: Duration
    }

    /// Why a round failed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    public static let pbxID = "bench"
    static let defaultUser = 1

    let ami: AMITestServer
    public let portal: CardLatencyPortal
    public let outbox: Outbox
    let scheduler: PortalScheduler
    let pipeline: CallPipeline
    let client: AMIClient
    /// Extension → Bitrix24 user of the queue members.
    public let users: [String: Int]
    private let folder: URL
    private let group: ServiceGroup
    private let running: Task<Void, Never>
    /// When each AgentCalled was read, by Linkedid.
    private let agentCalledRead: ReadStamps
    /// When the pipeline's rules reacted to each call's ring, by Linkedid.
    private let ringingRuled: ReadStamps
    private let results: ResultCounter

    /// Builds and starts everything; returns once the AMI client is logged in and resynchronised.
    /// - Parameters:
    ///   - rulesPath: the rules folder (the default rules: `rules`).
    ///   - members: queue members (extensions 201, 202, …; users 101, 102, …).
    ///   - logLevel: the level of the daemon's loggers (lines are formatted, then discarded).
    public static func start(
        rulesPath: String,
        members: Int = 10,
        logLevel: Logger.Level = .info
    ) async throws -> CardLatencyRig {
        let loaded = RuleSetLoader.load(paths: [rulesPath])
        guard let ruleSet = loaded.ruleSet else {
            throw Failure(description: "the rules in \(rulesPath) do not load (try `engine lint \(rulesPath)`)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-cards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let secret = AMISecret("bench-\(UUID().uuidString.prefix(8))")
        let ami = try await AMITestServer.start(configuration: .init(username: "switchboard", secret: secret))
        let portal = try await CardLatencyPortal.start()

        let users = Dictionary(uniqueKeysWithValues: (0..<max(1, members)).map { ("\(201 + $0)", 101 + $0) })
        let lookup = UserLookup(overrides: users)
        _ = SwitchboardMetrics.bootstrap()
        let outbox = try Outbox(path: folder.appendingPathComponent("switchboard.sqlite").path)
        let store = try await CallStateStore(outbox: outbox)
        let bitrix24 = Bitrix24Client(
            auth: try Bitrix24WebhookAuth(webhookURL: portal.webhookURL),
            logger: .discarding("switchboard.bitrix24", level: logLevel)
        )
        // No rate pressure: the client's bucket holds 10,000 and drains 10,000 a second; the portal has no limit.
        let scheduler = PortalScheduler(
            outbox: outbox,
            client: bitrix24,
            configuration: DeliveryConfiguration(rateLimit: .init(burst: 10_000, perSecond: 10_000)),
            logger: .discarding("switchboard.delivery", level: logLevel)
        )

        let agentCalledRead = ReadStamps()
        let client = AMIClient(
            configuration: AMIClientConfiguration(
                host: "127.0.0.1",
                port: ami.port,
                credentials: AMICredentials(username: "switchboard", secret: secret, method: .md5),
                pingInterval: nil,
                readObserver: { message in
                    guard message.name == "AgentCalled" else { return }
                    let now = ContinuousClock.now
                    if let linkedid = message["Linkedid"] { agentCalledRead.record(linkedid, at: now) }
                }
            )
        )
        let config: Value = [
            "pbx": ["id": .string(pbxID)],
            "bitrix24": [
                "default_user": .int(defaultUser), "country": "RU",
                "anonymous_number": .string(EngineConfig.defaultAnonymousNumber),
            ],
        ]
        let engine = CallEngine(
            generation: RuleGeneration(number: 1, ruleSet: ruleSet),
            interpreter: RuleInterpreter(config: config, functions: lookup.functions)
        )
        let pipeline = CallPipeline(
            engine: engine,
            scheduler: scheduler,
            ami: client,
            persistence: store,
            logger: .discarding("switchboard.pipeline", level: logLevel)
        )
        let results = ResultCounter()
        let ringingRuled = ReadStamps()
        await pipeline.observe { entry in
            switch entry.name {
            case "call.result": results.increment()
            case "call.ringing": if let callID = entry.callID { ringingRuled.record(callID, at: .now) }
            default: break
            }
        }

        let health = HealthRegistry()
        let services: [any Service] = [
            DeliveryService(
                scheduler: scheduler,
                probeClient: Bitrix24Client(
                    auth: try Bitrix24WebhookAuth(webhookURL: portal.webhookURL),
                    configuration: .init(timeout: .seconds(5)),
                    logger: .discarding("switchboard.bitrix24", level: logLevel)
                ),
                pipeline: pipeline,
                health: health,
                probeInterval: .seconds(3600),
                drainTimeout: .seconds(5),
                logger: .discarding("switchboard.delivery", level: logLevel)
            ),
            AMIIngestService(
                client: client,
                pipeline: pipeline,
                health: health,
                logger: .discarding("switchboard.ami", level: logLevel)
            ),
        ]
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [],
                logger: .discarding("switchboard.lifecycle", level: .error)
            )
        )
        let running = Task { do { try await group.run() } catch {} }
        let rig = CardLatencyRig(
            ami: ami,
            portal: portal,
            outbox: outbox,
            scheduler: scheduler,
            pipeline: pipeline,
            client: client,
            users: users,
            folder: folder,
            group: group,
            running: running,
            agentCalledRead: agentCalledRead,
            ringingRuled: ringingRuled,
            results: results
        )
        do {
            // Logged in and past the start-up resync (CoreShowChannels): events from now on reach the rules.
            try await ami.waitForAction(named: "CoreShowChannels", timeout: .seconds(10))
        } catch {
            await rig.stop()
            throw Failure(description: "the AMI client did not log in to the test AMI server: \(error)")
        }
        return rig
    }

    private init(
        ami: AMITestServer,
        portal: CardLatencyPortal,
        outbox: Outbox,
        scheduler: PortalScheduler,
        pipeline: CallPipeline,
        client: AMIClient,
        users: [String: Int],
        folder: URL,
        group: ServiceGroup,
        running: Task<Void, Never>,
        agentCalledRead: ReadStamps,
        ringingRuled: ReadStamps,
        results: ResultCounter
    ) {
        self.ami = ami
        self.portal = portal
        self.outbox = outbox
        self.scheduler = scheduler
        self.pipeline = pipeline
        self.client = client
        self.users = users
        self.folder = folder
        self.group = group
        self.running = running
        self.agentCalledRead = agentCalledRead
        self.ringingRuled = ringingRuled
        self.results = results
    }

    /// Shuts the services down (as on SIGTERM), stops both peers and removes the temp folder.
    public func stop() async {
        await group.triggerGracefulShutdown()
        await running.value
        await ami.stop()
        await portal.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// One round: `calls` calls start and their registers (and CRM searches) land; then every call's
    /// AgentCalled goes out in one burst and each call's show is awaited.
    /// With `ringsPerSecond` > 0 the AgentCalled events are paced at that rate instead (the calls are all in progress,
    /// their phones start ringing one after another, as in a busy call centre).
    public func round(
        _ number: Int,
        calls count: Int,
        ringsPerSecond: Double = 0,
        timeout: Duration = .seconds(30)
    ) async throws -> Round {
        let members = users.keys.sorted()
        let calls = (0..<count).map { SyntheticQueueCall(round: number, index: $0, members: members) }

        // 1. The calls start: register + searchCrmEntities per call, and their results land in the pipeline.
        let resultsBefore = results.value
        ami.broadcast(calls.flatMap(\.start))
        guard await within(timeout, { await self.results.wait(atLeast: resultsBefore + 2 * count) }) else {
            throw Failure(
                description: "round \(number): only \(results.value - resultsBefore) of \(2 * count) "
                    + "register/search results landed in \(timeout)"
            )
        }
        await scheduler.waitUntilIdle()

        // 2. The burst: every call's AgentCalled at once; each call's card goes out.
        let showsBefore = portal.shows.count
        let requestsBefore = portal.requestCount
        if ringsPerSecond > 0 {
            let clock = ContinuousClock()
            let start = clock.now
            for (index, call) in calls.enumerated() {
                try? await clock.sleep(until: start + .seconds(Double(index) / ringsPerSecond))
                ami.broadcast([call.agentCalled])
            }
        } else {
            ami.broadcast(calls.map(\.agentCalled))
        }
        guard await within(timeout, { await self.portal.waitForShows(showsBefore + count) }) else {
            throw Failure(
                description: "round \(number): only \(portal.shows.count - showsBefore) of \(count) cards "
                    + "reached the portal in \(timeout)"
            )
        }
        await scheduler.waitUntilIdle()
        let requests = portal.requestCount - requestsBefore

        let shows = portal.shows.dropFirst(showsBefore)
        let read = agentCalledRead.all
        var first: [String: CardLatencyPortal.Show] = [:]
        var perCall: [String: Int] = [:]
        let prefix = Self.pbxID + ":"
        for show in shows where show.externalCallID.hasPrefix(prefix) {
            let linkedid = String(show.externalCallID.dropFirst(prefix.count))
            perCall[linkedid, default: 0] += 1
            if first[linkedid] == nil { first[linkedid] = show }
        }
        let latencies = calls.map { call -> Duration? in
            guard let t1 = first[call.linkedid]?.received, let t0 = read[call.linkedid] else { return nil }
            return t1 - t0
        }
        let ruledAt = ringingRuled.all
        let ruled = calls.map { call -> Duration? in
            guard let t = ruledAt[call.linkedid], let t0 = read[call.linkedid] else { return nil }
            return t - t0
        }
        let firstRead = calls.compactMap { read[$0.linkedid] }.min()
        let lastShow = first.values.map(\.received).max()
        return Round(
            latencies: latencies,
            ruled: ruled,
            showsPerCall: perCall,
            shownUsers: first.mapValues(\.users),
            showRequests: requests,
            span: firstRead.flatMap { start in lastShow.map { $0 - start } } ?? .zero
        )
    }

    /// Runs `operation`; false when `timeout` passed first (the waiters are then released, so it returns).
    private func within(_ timeout: Duration, _ operation: @escaping @Sendable () async -> Void) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await operation()
                return true
            }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return true }
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first {
                results.releaseWaiters()
                portal.releaseWaiters()
            }
            return first
        }
    }
}

/// When each call's AgentCalled was read off the AMI socket, by Linkedid.
final class ReadStamps: Sendable {
    private let stamps = Mutex<[String: ContinuousClock.Instant]>([:])

    func record(_ linkedid: String, at instant: ContinuousClock.Instant) {
        stamps.withLock { $0[linkedid] = instant }
    }

    var all: [String: ContinuousClock.Instant] { stamps.withLock { $0 } }
}

/// Counts `call.result` timeline entries and lets a round await a count.
final class ResultCounter: Sendable {
    private struct State {
        var count = 0
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    var value: Int { state.withLock { $0.count } }

    func increment() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count += 1
            let count = state.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for waiter in ready { waiter.resume() }
    }

    /// Resumes every waiter now (a round gave up waiting).
    func releaseWaiters() {
        let waiters = state.withLock { state in
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume() }
    }

    func wait(atLeast count: Int) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.count >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
