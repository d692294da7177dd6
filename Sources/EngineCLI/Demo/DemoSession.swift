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
    let daemon: Daemon
    let running: Task<Void, any Error>
    let folder: URL

    static func start(rules: String, operators: [(id: Int, name: String, ext: String)]) async throws -> DemoSession {
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
        let running = Task { try await daemon.run() }
        return DemoSession(ami: ami, portal: portal, daemon: daemon, running: running, folder: folder)
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

    func stop() async {
        await daemon.group.triggerGracefulShutdown()
        _ = try? await running.value
        await ami.stop()
        await portal.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
