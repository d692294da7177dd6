import AMIProtocol
import Adapters
public import Foundation
public import Logging
import RuleDSL
import ServiceLifecycle
import Simulators
import SwitchboardDaemon
import Synchronization

/// The click-to-call path of `engine run`, in this process on loopback, for `engine bench click`: the fake Bitrix24
/// registers a click and posts `ONEXTERNALCALLSTART` over HTTP to the daemon's public listener (``Daemon`` built from
/// an engine.yaml, as `engine run` builds it) → the event queue → the call model and the rules → the Originate on the
/// AMI socket of the test AMI server, which answers it with a capture (by default the operator not answering, so
/// every call ends and is finished).
///
/// Times: t0 just before the fake portal sends the event's HTTP request, t1 when the test AMI server decodes the
/// Originate carrying that click's CALL_ID (`ContinuousClock`, in this process). Clicks go one at a time.
public struct ClickLatencyRig: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let ami: AMITestServer
    let portal: FakeBitrix24
    let daemon: Daemon
    let running: Task<Void, any Error>
    let folder: URL
    let handlerURL: String
    let token: String
    let operators: Int
    /// When each click's Originate arrived, by CALL_ID.
    let originates: OriginateStamps

    /// Starts the simulators and the daemon (rules from `rulesPath`; `capture` answers each Originate), and returns
    /// once the daemon listens and has logged in to AMI.
    public static func start(rulesPath: String, capture: String, operators: Int = 10) async throws -> ClickLatencyRig {
        let answer = try AMICapture(contentsOf: URL(fileURLWithPath: capture))
        let secret = "bench-\(UUID().uuidString.prefix(8))"
        let token = "bench-token-\(UUID().uuidString.prefix(8))"
        let ami = try await AMITestServer.start(
            configuration: .init(username: "switchboard", secret: AMISecret(secret))
        )
        ami.scriptOriginate(with: answer)
        let originates = OriginateStamps()
        ami.observeActions { action, time in
            guard action.name?.lowercased() == "originate" else { return }
            for variable in action.values(named: "Variable") where variable.hasPrefix("__B24_CALL_ID=") {
                let callID = String(variable.dropFirst("__B24_CALL_ID=".count))
                originates.record(callID, at: time)
            }
        }
        let portal = FakeBitrix24(configuration: FakeBitrix24Configuration(rateLimit: nil))
        for index in 0..<max(1, operators) {
            portal.addUser(
                FakeBitrix24User(id: 101 + index, name: "Operator \(201 + index)", phoneInner: "\(201 + index)")
            )
        }
        try await portal.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-click-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let yaml = """
            pbx: {id: bench}
            ami: {host: 127.0.0.1, port: \(ami.port), username: switchboard, secret: "\(secret)"}
            bitrix24:
              webhook_url: "\(portal.webhookURL)"
              application_token: "\(token)"
              rate_limit: {per_second: 1000, burst: 250}
              default_user: 1
              events: {per_source_per_second: 100000, per_source_burst: 100000}
            http: {listen: "127.0.0.1:0"}
            admin: {listen: "127.0.0.1:0"}
            click_to_call: {channel: "Local/{ext}@agents", context: outgoing, ring_seconds: 15}
            rules: \(URL(fileURLWithPath: rulesPath).standardizedFileURL.path)
            state: \(folder.appendingPathComponent("switchboard.sqlite").path)
            """
        let configPath = folder.appendingPathComponent("engine.yaml").path
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        guard let config = ConfigLoader.load(path: configPath, environment: [:]).config else {
            throw Failure(description: "the bench's engine.yaml does not load")
        }
        let daemon = try await Daemon.start(
            config: config,
            options: .init(probeInterval: .seconds(60), drainTimeout: .seconds(10))
        )
        let running = Task { try await daemon.run() }
        guard let server = daemon.publicServer else { throw Failure(description: "no public listener") }
        let port = try await server.listeningPort()
        try await ami.waitForLogins(1, timeout: .seconds(10))
        return ClickLatencyRig(
            ami: ami,
            portal: portal,
            daemon: daemon,
            running: running,
            folder: folder,
            handlerURL: "http://127.0.0.1:\(port)/bitrix24/events",
            token: token,
            operators: operators,
            originates: originates
        )
    }

    /// Clicks `count` times, one after the other (each waits for its Originate), a click starting `interval` after the
    /// one before at the earliest, and returns each click's latency. The daemon's runaway guard lets 20 AMI actions a
    /// second through after a burst of 40 (``RunawayGuard/Limits/standard``): clicks faster than that are refused, as
    /// they would be in production.
    public func run(
        clicks count: Int,
        offset: Int = 0,
        interval: Duration = .milliseconds(100)
    ) async throws
        -> [Duration]
    {
        var latencies: [Duration] = []
        var next = ContinuousClock.now
        for index in 0..<count {
            try await Task.sleep(until: next, clock: .continuous)
            next = next.advanced(by: interval)
            let user = 101 + (offset + index) % operators
            let t0 = ContinuousClock.now
            let (callID, deliveries) = try await portal.clickToCall(
                userID: user,
                phoneNumber: "+7 916 \(String(format: "%03d", (offset + index) % 1000))-45-67",
                handlerURL: handlerURL,
                options: FakeBitrix24EventOptions(applicationToken: token)
            )
            guard deliveries.first?.status == 200 else {
                throw Failure(description: "click \(index): the event was answered \(deliveries.first?.status ?? 0)")
            }
            let stamped = await withTaskGroup(of: ContinuousClock.Instant?.self) { group in
                group.addTask { await self.originates.wait(for: callID) }
                group.addTask {
                    try? await Task.sleep(for: .seconds(10))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            guard let t1 = stamped else { throw Failure(description: "click \(index): no Originate within 10 s") }
            latencies.append(t1 - t0)
        }
        return latencies
    }

    /// Finishes seen by the portal so far (every click ends finished).
    public var finishes: Int {
        portal.journal.filter { $0.method == "telephony.externalcall.finish" && $0.status == 200 }.count
    }

    /// Waits until `count` calls are finished, for at most `timeout`.
    public func awaitFinishes(_ count: Int, timeout: Duration) async -> Bool {
        await portal.waitForJournal(timeout: timeout) { journal in
            journal.filter { $0.method == "telephony.externalcall.finish" && $0.status == 200 }.count >= count
        }
    }

    /// Stops the daemon (gracefully), the simulators, and removes the temp folder.
    public func stop() async {
        await daemon.group.triggerGracefulShutdown()
        _ = try? await running.value
        await ami.stop()
        await portal.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Routes every logger of this process to a handler that formats each line at `level` and above, then discards
    /// it (the daemon's logging cost without the terminal's).
    public static func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap { DiscardingLogHandler(label: $0, level: level) }
    }
}
