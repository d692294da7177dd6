import AMIProtocol
import Adapters
import Foundation
import Simulators
import TestSupport
import Testing

/// One end-to-end rig: the test AMI server and the fake Bitrix24 in this process, on loopback, and the real
/// `engine run` as a child process between them, with its own config, rules folder and SQLite file.
final class EndToEndRig: @unchecked Sendable {
    static let amiSecret = "ami-Secret-7f3a9c"
    static let webhookSecret = "whk9x2m4q7secret"
    static let appToken = "apptok-5d8e1b2c"
    /// Extension → Bitrix24 user of the test portal (the captures' queue members).
    static let users = ["201": 11, "202": 12, "203": 13]
    static let defaultUser = 1

    let ami: AMITestServer
    let portal: FakeBitrix24
    let folder: URL
    var rulesFolder: URL
    var process: Process?
    let logFile: URL
    let adminPort: Int
    /// More engine.yaml (e.g. a `recordings:` section), appended by ``writeConfig(adding:)``.
    var extraConfig = ""

    /// Starts both simulators and prepares a folder with engine.yaml and a copy of the default rules.
    init(adminPort: Int = 0) async throws {
        ami = try await AMITestServer.start(
            configuration: .init(username: "switchboard", secret: AMISecret(Self.amiSecret))
        )
        portal = FakeBitrix24(
            configuration: FakeBitrix24Configuration(webhookSecret: Self.webhookSecret, rateLimit: nil)
        )
        portal.addUser(FakeBitrix24User(id: Self.defaultUser, name: "Admin", phoneInner: nil))
        for (ext, id) in Self.users {
            portal.addUser(FakeBitrix24User(id: id, name: "Operator \(ext)", phoneInner: ext))
        }
        try await portal.start()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
        rulesFolder = folder.appendingPathComponent("rules")
        logFile = folder.appendingPathComponent("engine.log")
        self.adminPort = adminPort
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RepositoryFiles.url("rules"), to: rulesFolder)
        try? FileManager.default.removeItem(at: rulesFolder.appendingPathComponent("tests"))
        try config.write(to: folder.appendingPathComponent("engine.yaml"), atomically: true, encoding: .utf8)
    }

    var config: String {
        """
        pbx: {id: e2e}
        ami: {host: 127.0.0.1, port: \(ami.port), username: switchboard, secret: "${AMI_SECRET}"}
        bitrix24:
          webhook_url: "${B24_WEBHOOK_URL}"
          application_token: "${B24_APP_TOKEN}"
          rate_limit: {per_second: 50, burst: 50}
          default_user: \(Self.defaultUser)
          country: RU
        admin: {listen: "127.0.0.1:\(adminPort)"}
        rules: \(rulesFolder.path)
        state: \(folder.appendingPathComponent("var/switchboard.sqlite").path)
        \(extraConfig)
        """
    }

    /// Rewrites engine.yaml with `extra` appended.
    func writeConfig(adding extra: String) throws {
        extraConfig = extra
        try config.write(to: folder.appendingPathComponent("engine.yaml"), atomically: true, encoding: .utf8)
    }

    /// Starts `engine run` and waits until it has logged in to the AMI server and asked for the channels.
    func startEngine(extraArguments: [String] = []) async throws {
        let logins = ami.loginCount
        let listenersBefore = adminListeningLines
        try launchEngine(environment: [:], extraArguments: extraArguments)
        // Logged in to AMI, and the admin listener (which tests read their port from) says it listens.
        let ready = await eventually(timeout: .seconds(30)) {
            self.ami.loginCount > logins
                && self.ami.receivedActions.contains { $0.name?.lowercased() == "coreshowchannels" }
                && self.adminListeningLines > listenersBefore
        }
        #expect(ready, "engine run did not log in to AMI: \(log)")
    }

    /// How many times the log says the admin listener listens (once per start).
    var adminListeningLines: Int {
        log.split(separator: "\n").count { $0.contains("switchboard.http.admin") && $0.contains("listening") }
    }

    /// Replays a capture of `captures/` to the engine.
    func replay(_ name: String, speed: AMIReplaySpeed = .instant) async throws {
        await ami.replay(try AMICapture(contentsOf: RepositoryFiles.capture(name)), speed: speed)
    }

    /// Journal entries of `method` (lower-cased), batches unfolded by the fake.
    func calls(_ method: String) -> [FakeBitrix24JournalEntry] {
        portal.journal.filter { $0.method.lowercased() == method.lowercased() && $0.status == 200 }
    }

    /// Waits until the journal has `count` successful `method` calls.
    @discardableResult
    func awaitCalls(_ method: String, count: Int = 1, timeout: Duration = .seconds(20)) async -> Bool {
        await eventually(timeout: timeout) { self.calls(method).count >= count }
    }

    /// The engine's output so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// SIGTERM, and the exit status (nil if it did not exit in time).
    @discardableResult
    func stopEngine(signal: Int32 = SIGTERM, timeout: Duration = .seconds(20)) async -> Int32? {
        guard let process else { return nil }
        kill(process.processIdentifier, signal)
        self.process = nil
        return await EngineProcess.exitStatus(of: process, timeout: timeout)
    }

    func shutdown() async {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        await ami.stop()
        await portal.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
