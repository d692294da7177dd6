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
/// Times, per card (a call's phone): t0 is stamped when the AMI client decodes the ring — the `AgentCalled` or
/// `DialBegin` for that phone — off its socket (its read observer), t1 when the head of the HTTP request carrying the
/// `telephony.externalcall.show` for that phone's user reaches the portal. Both from `ContinuousClock`, in this
/// process. The portal answers `portalRTT` after a request arrived.
public final class CardLatencyRig: Sendable {
    /// How a round's phones ring.
    public enum Shape: Sendable, Equatable, CustomStringConvertible {
        /// Calls wait in queue `sales` (registered and looked up in the CRM) until `phones` members of each ring at
        /// once (`AgentCalled`).
        case queue(phones: Int)
        /// Calls into a ring group: `phones` phones ring at once (`DialBegin`), `after` the call appeared — its
        /// register may still be on its way.
        case ringGroup(phones: Int, after: Duration)

        /// Phones ringing per call.
        public var phones: Int {
            switch self {
            case .queue(let phones), .ringGroup(let phones, _): max(1, phones)
            }
        }

        public var description: String {
            switch self {
            case .queue(let phones): "queue, \(phones) phone\(phones == 1 ? "" : "s") per call"
            case .ringGroup(let phones, let after):
                "ring group of \(phones), ringing \(LatencyPercentiles.milliseconds(after)) ms after the call appeared"
            }
        }
    }

    /// What one round measured.
    public struct Round: Sendable {
        /// Card latency (t1 − t0) per card — call by call, phone by phone; nil for a card that never came.
        public let latencies: [Duration?]
        /// The first stage of it, per call: from the call's first t0 until the pipeline's rules had reacted to the
        /// ring (`call.ringing`), i.e. the wait behind earlier events plus the call model and rules, before execution
        /// and delivery.
        public let ruled: [Duration?]
        /// Shows received per card (`<Linkedid>/<extension>`); exactly 1 is right.
        public let showsPerCard: [String: Int]
        /// The users each call's cards were shown to (by Linkedid).
        public let shownUsers: [String: Set<Int>]
        /// HTTP requests the portal received while the round's cards were being delivered.
        public let showRequests: Int
        /// From the first ring read to the last show received.
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
    /// When each ring was read, by `<Linkedid>/<extension>`.
    private let ringRead: ReadStamps
    /// When the pipeline's rules reacted to each call's ring, by Linkedid.
    private let ringingRuled: ReadStamps
    private let results: ResultCounter

    /// Builds and starts everything; returns once the AMI client is logged in and resynchronised.
    /// - Parameters:
    ///   - rulesPath: the rules folder (the default rules: `rules`).
    ///   - members: queue members (extensions 201, 202, …; users 101, 102, …).
    ///   - logLevel: the level of the daemon's loggers (lines are formatted, then discarded).
    ///   - portalRTT: how long after a request arrived the portal answers.
    ///   - delivery: the scheduler's settings (rate limit aside: the client's bucket holds 10,000 and drains 10,000 a
    ///     second).
    public static func start(
        rulesPath: String,
        members: Int = 10,
        logLevel: Logger.Level = .info,
        portalRTT: Duration = .zero,
        delivery: DeliveryConfiguration = DeliveryConfiguration()
    ) async throws -> CardLatencyRig {
        let loaded = RuleSetLoader.load(paths: [rulesPath])
        guard let ruleSet = loaded.ruleSet else {
            throw Failure(description: "the rules in \(rulesPath) do not load (try `engine lint \(rulesPath)`)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-cards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let secret = AMISecret("bench-\(UUID().uuidString.prefix(8))")
        let ami = try await AMITestServer.start(configuration: .init(username: "switchboard", secret: secret))
        let portal = try await CardLatencyPortal.start(rtt: portalRTT)

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
        var configuration = delivery
        configuration.rateLimit = .init(burst: 10_000, perSecond: 10_000)
        let scheduler = PortalScheduler(
            outbox: outbox,
            client: bitrix24,
            configuration: configuration,
            logger: .discarding("switchboard.delivery", level: logLevel)
        )

        let ringRead = ReadStamps()
        let client = AMIClient(
            configuration: AMIClientConfiguration(
                host: "127.0.0.1",
                port: ami.port,
                credentials: AMICredentials(username: "switchboard", secret: secret, method: .md5),
                pingInterval: nil,
                readObserver: { message in
                    guard let card = Self.card(ringing: message) else { return }
                    ringRead.record(card, at: .now)
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
            case "call.ringing": if let callID = entry.callID { ringingRuled.recordFirst(callID, at: .now) }
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
        let group = ServiceGroup.bench(services)
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
            ringRead: ringRead,
            ringingRuled: ringingRuled,
            results: results
        )
        do {
            // Logged in and past the start-up resync (CoreShowChannels): events from now on reach the rules.
            try await ami.waitForAction(named: "CoreShowChannels", timeout: .seconds(30))
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
        ringRead: ReadStamps,
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
        self.ringRead = ringRead
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

    /// The card a ring is for, `<Linkedid>/<extension>`: an `AgentCalled` names the member by `Interface`
    /// (`Local/201@agents`), a `DialBegin` by `DialString` (`201@agents`).
    static func card(ringing message: AMIMessage) -> String? {
        let member: String?
        switch message.name {
        case "AgentCalled": member = message["Interface"]?.split(separator: "/").last.map(String.init)
        case "DialBegin": member = message["DialString"]
        default: return nil
        }
        guard let linkedid = message["Linkedid"], let member else { return nil }
        return "\(linkedid)/\(member.split(separator: "@").first.map(String.init) ?? member)"
    }

    /// One round of `calls` calls shaped as `shape`. Queue: the calls start and their registers (and CRM searches)
    /// land; then every call's phones ring in one burst. Ring group: every call appears, and its phones ring `after`
    /// later. Each card's show is awaited. With `ringsPerSecond` > 0 the calls ring one after another at that rate
    /// instead (as in a busy call centre).
    public func round(
        _ number: Int,
        calls count: Int,
        shape: Shape = .queue(phones: 1),
        ringsPerSecond: Double = 0,
        timeout: Duration = .seconds(30)
    ) async throws -> Round {
        let members = users.keys.sorted()
        let calls = (0..<count).map {
            SyntheticInboundCall(round: number, index: $0, members: members, phones: shape.phones)
        }
        let cards = calls.reduce(0) { $0 + $1.memberExtensions.count }
        let resultsBefore = results.value
        let showsBefore = portal.shows.count
        let requestsBefore: Int
        switch shape {
        case .queue:
            // 1. The calls start: register + searchCrmEntities per call, and their results land in the pipeline.
            ami.broadcast(calls.flatMap(\.start))
            try await awaitResults(resultsBefore + 2 * count, round: number, timeout: timeout)
            await scheduler.waitUntilIdle()
            // 2. The rings.
            requestsBefore = portal.requestCount
            await ring(calls.map { [(Duration.zero, $0.agentCalls)] }, perSecond: ringsPerSecond)
        case .ringGroup(_, let after):
            requestsBefore = portal.requestCount
            await ring(calls.map { [(.zero, $0.ringGroupStart), (after, $0.dials)] }, perSecond: ringsPerSecond)
        }
        guard await within(timeout, { await self.portal.waitForShows(showsBefore + cards) }) else {
            throw Failure(
                description: "round \(number): only \(portal.shows.count - showsBefore) of \(cards) cards "
                    + "reached the portal in \(timeout)"
            )
        }
        let requests = portal.requestCount - requestsBefore
        try await awaitResults(resultsBefore + 2 * count, round: number, timeout: timeout)
        await scheduler.waitUntilIdle()
        return measure(calls, shows: Array(portal.shows.dropFirst(showsBefore)), requests: requests)
    }

    /// Sends each call's events at their offsets: all calls at once, or call after call at `perSecond`.
    private func ring(_ schedule: [[(offset: Duration, messages: [AMIMessage])]], perSecond: Double) async {
        var timeline: [(at: Duration, messages: [AMIMessage])] = []
        for (index, events) in schedule.enumerated() {
            let start = perSecond > 0 ? Duration.seconds(Double(index) / perSecond) : .zero
            for event in events { timeline.append((start + event.offset, event.messages)) }
        }
        // Stable: events due together go out in call order, in one write.
        let batches = Dictionary(grouping: timeline.enumerated(), by: \.element.at).sorted { $0.key < $1.key }
        let clock = ContinuousClock()
        let origin = clock.now
        for (at, events) in batches {
            try? await clock.sleep(until: origin + at)
            ami.broadcast(events.sorted { $0.offset < $1.offset }.flatMap(\.element.messages))
        }
    }

    private func awaitResults(_ count: Int, round number: Int, timeout: Duration) async throws {
        guard await within(timeout, { await self.results.wait(atLeast: count) }) else {
            throw Failure(
                description: "round \(number): only \(results.value) of \(count) register/search results landed "
                    + "in \(timeout)"
            )
        }
    }

    private func measure(_ calls: [SyntheticInboundCall], shows: [CardLatencyPortal.Show], requests: Int) -> Round {
        let read = ringRead.all
        let extensions = Dictionary(users.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        var first: [String: ContinuousClock.Instant] = [:]
        var perCard: [String: Int] = [:]
        var shownUsers: [String: Set<Int>] = [:]
        let prefix = Self.pbxID + ":"
        for show in shows where show.externalCallID.hasPrefix(prefix) {
            let linkedid = String(show.externalCallID.dropFirst(prefix.count))
            for user in show.users {
                shownUsers[linkedid, default: []].insert(user)
                let card = "\(linkedid)/\(extensions[user] ?? "user-\(user)")"
                perCard[card, default: 0] += 1
                if first[card] == nil { first[card] = show.received }
            }
        }
        var latencies: [Duration?] = []
        var firstRing: [ContinuousClock.Instant] = []
        for call in calls {
            for member in call.memberExtensions {
                let card = "\(call.linkedid)/\(member)"
                guard let t0 = read[card] else {
                    latencies.append(nil)
                    continue
                }
                firstRing.append(t0)
                latencies.append(first[card].map { $0 - t0 })
            }
        }
        let ruledAt = ringingRuled.all
        let ruled = calls.map { call -> Duration? in
            let rings = call.memberExtensions.compactMap { read["\(call.linkedid)/\($0)"] }
            guard let t = ruledAt[call.linkedid], let t0 = rings.min() else { return nil }
            return t - t0
        }
        let lastShow = first.values.max()
        return Round(
            latencies: latencies,
            ruled: ruled,
            showsPerCard: perCard,
            shownUsers: shownUsers,
            showRequests: requests,
            span: firstRing.min().flatMap { start in lastShow.map { $0 - start } } ?? .zero
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

/// When something happened, by key (a ring read off the AMI socket, by card; the rules' reaction, by call).
final class ReadStamps: Sendable {
    private let stamps = Mutex<[String: ContinuousClock.Instant]>([:])

    func record(_ key: String, at instant: ContinuousClock.Instant) {
        stamps.withLock { $0[key] = instant }
    }

    /// Keeps the first time only.
    func recordFirst(_ key: String, at instant: ContinuousClock.Instant) {
        stamps.withLock { if $0[key] == nil { $0[key] = instant } }
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
