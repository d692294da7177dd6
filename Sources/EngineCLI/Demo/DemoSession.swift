import AMIProtocol
import Adapters
import Foundation
import RuleDSL
import ServiceLifecycle
import Simulators
import SwitchboardDaemon

/// The demo's world: the test AMI server and the fake portal on loopback, and the daemon (`engine run`'s
/// parts, built from a generated engine.yaml) between them, with a throw-away state file.
struct DemoSession {
    static let defaultUser = 1
    let ami: AMITestServer
    let portal: FakeBitrix24
    let folder: URL

    /// Starts the world, runs `body` while the daemon runs (as a child task), then shuts the daemon down gracefully,
    /// waits for it to stop and tears the world down — also when `body` throws.
    static func with<T>(
        rules: String,
        operators: [(id: Int, name: String, ext: String)],
        _ body: (DemoSession) async throws -> T
    ) async throws -> T {
        let (session, daemon) = try await start(rules: rules, operators: operators)
        let outcome: Result<T, any Error> = await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await daemon.run() }
            let outcome: Result<T, any Error>
            do { outcome = .success(try await body(session)) } catch { outcome = .failure(error) }
            await daemon.group.triggerGracefulShutdown()
            do { try await group.waitForAll() } catch { return .failure(error) }
            return outcome
        }
        await session.tearDown()
        return try outcome.get()
    }

    private static func start(
        rules: String,
        operators: [(id: Int, name: String, ext: String)]
    ) async throws -> (DemoSession, Daemon) {
        let amiSecret = UUID().uuidString
        let ami = try await AMITestServer.start(configuration: .init(username: "demo", secret: AMISecret(amiSecret)))
        let portal = FakeBitrix24(configuration: FakeBitrix24Configuration(rateLimit: .cloud))
        portal.addUser(FakeBitrix24User(id: defaultUser, name: "Admin"))
        for user in operators { portal.addUser(FakeBitrix24User(id: user.id, name: user.name, phoneInner: user.ext)) }
        try await portal.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "switchboard-demo-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configFile = folder.appendingPathComponent("engine.yaml")
        let rulesPath = URL(fileURLWithPath: rules).standardizedFileURL.path
        try """
        pbx: {id: demo}
        ami: {host: 127.0.0.1, port: \(ami.port), username: demo, secret: "${DEMO_AMI_SECRET}"}
        bitrix24: {webhook_url: "${DEMO_WEBHOOK}", default_user: \(defaultUser), country: RU}
        admin: {listen: "127.0.0.1:0"}
        rules: \(rulesPath)
        state: \(folder.appendingPathComponent("switchboard.sqlite").path)
        """.write(to: configFile, atomically: true, encoding: .utf8)
        let loaded = ConfigLoader.load(
            path: configFile.path,
            environment: ["DEMO_AMI_SECRET": amiSecret, "DEMO_WEBHOOK": portal.webhookURL]
        )
        guard let config = loaded.config else { throw StartupFailure("the demo's configuration did not load") }
        let daemon = try await Daemon.start(
            config: config,
            options: .init(probeInterval: .seconds(5), drainTimeout: .seconds(5))
        )
        return (DemoSession(ami: ami, portal: portal, folder: folder), daemon)
    }

    /// Replays `capture` once the engine has logged in and resynchronised; waits for the call's finish.
    func play(_ capture: AMICapture, speed: Double) async -> (finished: Bool, waited: Double) {
        _ = try? await ami.waitForAction(named: "CoreShowChannels", timeout: .seconds(30))
        let started = ContinuousClock.now
        await ami.replay(capture, speed: .scaled(speed))
        let finished = await portal.waitForJournal(timeout: .seconds(30)) { journal in
            journal.contains { $0.method == "telephony.externalcall.finish" && $0.status == 200 }
        }
        let waited = ContinuousClock.now - started
        return (finished, Double(waited.components.seconds))
    }

    private func tearDown() async {
        await ami.stop()
        await portal.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
