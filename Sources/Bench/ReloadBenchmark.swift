import AMIProtocol
import Actions
import Adapters
import Engine
import Foundation
import RuleDSL
import ServiceLifecycle
import Simulators
import SwitchboardDaemon
import Synchronization

/// `engine bench reload`: the real daemon (``Daemon/start(config:options:)``, as `engine run` builds it) in this
/// process on a generated folder of `count` rules, the test AMI server feeding it synthetic queue calls
/// (``SyntheticInboundCall``, one member rung per call) at a steady rate and the fake portal answering. `reloads`
/// times: one file of the folder edited, SIGHUP sent to this process, and the time until the pipeline has the next
/// generation in force. Then the flow stops, and every event sent must have been handled exactly once: the call model
/// counted each, and each call's `AgentCalled` and `call.ringing` were evaluated once.
public enum ReloadBenchmark {
    /// What a run measured.
    public struct Result: Sendable {
        public var ruleCount: Int
        public var fileCount: Int
        /// SIGHUP → new generation in force, per reload, in order.
        public var latencies: [Duration]
        /// The generation in force at the end, and the first measured reload's predecessor.
        public var finalGeneration: Int
        public var startGeneration: Int
        /// Events sent by the AMI server (the calls' and one FullyBooted per login), events the call model handled.
        public var eventsSent: Int
        public var eventsHandled: Int
        /// Calls sent; calls whose AgentCalled or call.ringing was evaluated other than once.
        public var calls: Int
        public var miscounted: [String]
    }

    /// Why a run failed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs the benchmark; `progress` hears one line per stage.
    public static func run(
        rulesFolder: String,
        count: Int,
        reloads: Int,
        callsPerSecond: Double,
        progress: @Sendable (String) -> Void
    ) async throws -> Result {
        let rules = try GeneratedRuleFolder.generate(from: rulesFolder, count: count)
        defer { rules.remove() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = "bench-\(UUID().uuidString.prefix(8))"
        let ami = try await AMITestServer.start(
            configuration: .init(username: "switchboard", secret: AMISecret(secret))
        )
        let portal = FakeBitrix24(
            configuration: FakeBitrix24Configuration(webhookSecret: "benchsecret", rateLimit: nil)
        )
        let members = (0..<10).map { "\(201 + $0)" }
        portal.addUser(FakeBitrix24User(id: 1, name: "Admin", phoneInner: nil))
        for (index, member) in members.enumerated() {
            portal.addUser(FakeBitrix24User(id: 101 + index, name: "Operator \(member)", phoneInner: member))
        }
        do {
            try await portal.start()
            let result = try await run(
                rules: rules,
                folder: folder,
                ami: ami,
                secret: secret,
                portal: portal,
                members: members,
                reloads: reloads,
                callsPerSecond: callsPerSecond,
                progress: progress
            )
            await ami.stop()
            await portal.stop()
            return result
        } catch {
            await ami.stop()
            await portal.stop()
            throw error
        }
    }

    private static func run(
        rules: GeneratedRuleFolder,
        folder: URL,
        ami: AMITestServer,
        secret: String,
        portal: FakeBitrix24,
        members: [String],
        reloads: Int,
        callsPerSecond: Double,
        progress: @Sendable (String) -> Void
    ) async throws -> Result {
        let configPath = folder.appendingPathComponent("engine.yaml").path
        try """
        pbx: {id: bench}
        ami: {host: 127.0.0.1, port: \(ami.port), username: switchboard, secret: "\(secret)"}
        bitrix24:
          webhook_url: "\(portal.webhookURL)"
          rate_limit: {per_second: 1000, burst: 250}
          default_user: 1
        admin: {listen: "127.0.0.1:0"}
        rules: \(rules.path)
        state: \(folder.appendingPathComponent("switchboard.sqlite").path)
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        let loaded = ConfigLoader.load(path: configPath)
        guard let config = loaded.config else {
            throw Failure(description: DiagnosticFormat.human.render(loaded.report))
        }
        // SIGHUP is this process's own signal here: ignored until the daemon's reload service traps it.
        signal(SIGHUP, SIG_IGN)
        let daemon = try await Daemon.start(
            config: config,
            options: .init(probeInterval: .seconds(3600), drainTimeout: .seconds(1))
        )
        let evaluations = EvaluationCounter()
        await daemon.pipeline.observe { entry in
            guard entry.name == "AgentCalled" || entry.name == "call.ringing", let callID = entry.callID else { return }
            evaluations.count(entry.name, callID)
        }
        let files = LintInputs.listing(of: rules.path)
        progress("rules: \(rules.ruleCount) in \(files.count) files; daemon started (generation 1)")

        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await daemon.run() }
            do {
                let result = try await measure(
                    daemon: daemon,
                    ami: ami,
                    members: members,
                    files: files,
                    rules: rules,
                    reloads: reloads,
                    callsPerSecond: callsPerSecond,
                    evaluations: evaluations,
                    group: &group,
                    progress: progress
                )
                await daemon.group.triggerGracefulShutdown()
                return result
            } catch {
                await daemon.group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    private static func measure(
        daemon: Daemon,
        ami: AMITestServer,
        members: [String],
        files: [String],
        rules: GeneratedRuleFolder,
        reloads: Int,
        callsPerSecond: Double,
        evaluations: EvaluationCounter,
        group: inout ThrowingTaskGroup<Void, any Error>,
        progress: @Sendable (String) -> Void
    ) async throws -> Result {
        try await ami.waitForAction(named: "CoreShowChannels", timeout: .seconds(30))
        let flow = Flow(members: members)
        group.addTask { await flow.run(ami: ami, callsPerSecond: callsPerSecond) }

        // The first SIGHUP also proves the reload service is listening (a signal before it was is ignored).
        var generation = await daemon.pipeline.generationNumber
        var warmedUp = false
        for _ in 0..<50 where !warmedUp {
            kill(getpid(), SIGHUP)
            warmedUp = await waitForGeneration(generation + 1, of: daemon, timeout: .seconds(1))
        }
        guard warmedUp else { throw Failure(description: "the daemon did not reload on SIGHUP") }
        generation = await daemon.pipeline.generationNumber
        let startGeneration = generation
        progress("events flowing at \(callsPerSecond) calls/s; \(reloads) reloads…")

        let clock = ContinuousClock()
        var latencies: [Duration] = []
        let editable = files.filter { ($0 as NSString).lastPathComponent.hasPrefix("g") }
        for reload in 1...max(1, reloads) {
            let file = editable[reload % max(1, editable.count)]
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try (text + "# edited for reload \(reload)\n").write(toFile: file, atomically: true, encoding: .utf8)
            let start = clock.now
            kill(getpid(), SIGHUP)
            guard await waitForGeneration(generation + 1, of: daemon, timeout: .seconds(60)) else {
                throw Failure(description: "reload \(reload): generation \(generation + 1) never came")
            }
            latencies.append(clock.now - start)
            generation += 1
            try await Task.sleep(for: .milliseconds(50))
        }
        flow.stop()
        let sent = await flow.finished()
        // The server's own events count too: one FullyBooted per login.
        let expected = sent.events + ami.loginCount
        let handled = await eventually(timeout: .seconds(120)) {
            await daemon.pipeline.engine.model.handledCount >= expected
        }
        if !handled { progress("not every event was handled within 120 s") }
        let miscounted = sent.callIDs.filter {
            evaluations.count(of: "AgentCalled", $0) != 1 || evaluations.count(of: "call.ringing", $0) != 1
        }
        return Result(
            ruleCount: rules.ruleCount,
            fileCount: files.count,
            latencies: latencies,
            finalGeneration: await daemon.pipeline.generationNumber,
            startGeneration: startGeneration,
            eventsSent: expected,
            eventsHandled: await daemon.pipeline.engine.model.handledCount,
            calls: sent.callIDs.count,
            miscounted: miscounted
        )
    }

    private static func waitForGeneration(_ number: Int, of daemon: Daemon, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await daemon.pipeline.generationNumber >= number { return true }
            try? await Task.sleep(for: .microseconds(500))
        }
        return await daemon.pipeline.generationNumber >= number
    }

    private static func eventually(timeout: Duration, _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await condition()
    }
}

/// Synthetic inbound queue calls sent at a steady rate until stopped.
private final class Flow: Sendable {
    private struct State {
        var stopped = false
        var events = 0
        var callIDs: [String] = []
        var done: CheckedContinuation<Void, Never>?
        var finished = false
    }

    private let members: [String]
    private let state = Mutex(State())

    init(members: [String]) {
        self.members = members
    }

    func run(ami: AMITestServer, callsPerSecond: Double) async {
        let interval = Duration.nanoseconds(Int64(1e9 / max(1, callsPerSecond)))
        var index = 0
        var next = ContinuousClock.now
        while !state.withLock({ $0.stopped }) && !Task.isCancelled {
            let call = SyntheticInboundCall(round: index / 1000, index: index % 1000, members: members)
            let events = call.start + call.agentCalls
            ami.broadcast(events)
            state.withLock {
                $0.events += events.count
                $0.callIDs.append(call.linkedid)
            }
            index += 1
            next += interval
            try? await Task.sleep(until: next)
        }
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            defer { state.done = nil }
            return state.done
        }
        waiter?.resume()
    }

    func stop() { state.withLock { $0.stopped = true } }

    /// Waits until the flow has stopped; what it sent.
    func finished() async -> (events: Int, callIDs: [String]) {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.finished { return true }
                state.done = continuation
                return false
            }
            if now { continuation.resume() }
        }
        return state.withLock { ($0.events, $0.callIDs) }
    }
}

/// How many times each (event, call) was evaluated.
final class EvaluationCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func count(_ event: String, _ callID: String) {
        counts.withLock { $0["\(event) \(callID)", default: 0] += 1 }
    }

    func count(of event: String, _ callID: String) -> Int {
        counts.withLock { $0["\(event) \(callID)"] ?? 0 }
    }
}
