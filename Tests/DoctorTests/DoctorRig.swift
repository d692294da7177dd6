import AMIProtocol
import Doctor
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// A PBX and a portal set up for one `engine doctor` run: the test AMI server configured from a manager.conf file
/// (as Asterisk would be), the fake Bitrix24 portal, and a folder with engine.yaml, the rules, that manager.conf, a
/// state path and a recordings folder. Each scenario starts healthy and breaks one thing.
final class DoctorRig: @unchecked Sendable {
    static let amiSecret = "doctor-ami-s3cret"
    static let webhookSecret = "doctorwebhook5ecret"
    /// Extension → user of the healthy portal (the captures' queue members).
    static let users = ["201": 11, "202": 12, "203": 13]

    /// What a scenario changes.
    struct Setup {
        /// The manager.conf Asterisk runs with (default: what `engine asterisk manager-conf` prints, with the secret).
        var managerConf: String?
        /// The secret engine.yaml gives (default: the one in manager.conf).
        var engineSecret = DoctorRig.amiSecret
        /// Where engine doctor reads manager.conf (nil: the file Asterisk runs with).
        var doctorManagerConfPath: String?
        /// Extra rule files (name → text) beside the bundled rules.
        var extraRules: [String: String] = [:]
        /// Ping's clock on the PBX.
        var pingOffset: Double = 0
        /// The portal's clock offset.
        var portalOffset: Double = 0
        /// The webhook's scopes.
        var scopes: Set<String> = ["telephony", "crm", "user"]
        /// Extension → user ids holding it on the portal.
        var users: [String: [Int]] = DoctorRig.users.mapValues { [$0] }
        /// Queue → member interfaces, as QueueStatus lists them.
        var queues: [String: [String]] = [
            "sales": ["Local/201@agents", "Local/202@agents", "Local/203@agents"],
            "support": ["Local/201@agents", "Local/202@agents", "Local/203@agents"],
        ]
    }

    let ami: AMITestServer
    let portal: FakeBitrix24
    let folder: URL
    let setup: Setup
    /// The webhook URL engine.yaml is given (the portal's at start; a test may rotate the portal's secret after).
    private(set) var webhookURL = ""

    init(_ setup: Setup = Setup()) async throws {
        self.setup = setup
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("doctor-\(UUID().uuidString)")
        let rules = folder.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RepositoryFiles.url("rules"), to: rules)
        try? FileManager.default.removeItem(at: rules.appendingPathComponent("tests"))
        for (name, text) in setup.extraRules {
            try text.write(to: rules.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let recordings = folder.appendingPathComponent("monitor")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        try Data("RIFF".utf8).write(to: recordings.appendingPathComponent("1795564211.42.wav"))

        let managerText = setup.managerConf ?? Self.healthyManagerConf()
        try managerText.write(to: folder.appendingPathComponent("manager.conf"), atomically: true, encoding: .utf8)
        var configuration = try #require(
            AMITestServer.Configuration(manager: ManagerConf(text: managerText), user: "switchboard")
        )
        configuration.pingClock = .wallClock(offset: setup.pingOffset)
        configuration.eventsAfterLogin = try Self.firstEvents()
        ami = try await AMITestServer.start(configuration: configuration)
        let items = setup.queues.sorted { $0.key < $1.key }.flatMap { queue, members in
            members.map { member in
                [
                    AMIHeader("Event", "QueueMember"), AMIHeader("Queue", queue), AMIHeader("Name", member),
                    AMIHeader("Location", member), AMIHeader("StateInterface", member),
                    AMIHeader("Membership", "static"), AMIHeader("Status", "1"), AMIHeader("Paused", "0"),
                ]
            }
        }
        ami.script("QueueStatus", .list(items: items, completeEvent: "QueueStatusComplete"))

        portal = FakeBitrix24(
            configuration: FakeBitrix24Configuration(
                webhookSecret: Self.webhookSecret,
                scopes: setup.scopes,
                rateLimit: nil
            ),
            clock: FakeSystemClock(offset: setup.portalOffset)
        )
        for (ext, ids) in setup.users {
            for id in ids { portal.addUser(FakeBitrix24User(id: id, name: "Operator \(ext)", phoneInner: ext)) }
        }
        try await portal.start()
        webhookURL = portal.webhookURL
        let yaml = """
            pbx: {id: doctor}
            ami: {host: 127.0.0.1, port: \(ami.port), username: switchboard, secret: "${AMI_SECRET}"}
            bitrix24:
              webhook_url: "${B24_WEBHOOK_URL}"
              default_user: 1
            rules: \(rules.path)
            state: \(folder.appendingPathComponent("var/switchboard.sqlite").path)
            recordings: {dir: \(recordings.path)}
            """
        try yaml.write(to: configURL, atomically: true, encoding: .utf8)
    }

    /// The engine's environment: the secrets engine.yaml reads.
    var environment: [String: String] {
        ["AMI_SECRET": setup.engineSecret, "B24_WEBHOOK_URL": webhookURL]
    }

    var configURL: URL { folder.appendingPathComponent("engine.yaml") }

    /// Runs the doctor as `engine doctor --config … --manager-conf …` would.
    func run() async throws -> DoctorReport {
        let loaded = ConfigLoader.load(path: configURL.path, environment: environment)
        let config = try #require(loaded.config)
        return await Doctor.run(
            config: config,
            configPath: configURL.path,
            options: DoctorOptions(
                managerConfPath: setup.doctorManagerConfPath ?? folder.appendingPathComponent("manager.conf").path,
                listenTimeout: .seconds(5)
            )
        )
    }

    /// Runs `body` with a rig set up by `setup`, and shuts the rig down after it, whatever happens.
    static func with(_ setup: Setup = Setup(), _ body: (DoctorRig) async throws -> Void) async throws {
        let rig = try await DoctorRig(setup)
        do {
            try await body(rig)
        } catch {
            await rig.shutdown()
            throw error
        }
        await rig.shutdown()
    }

    func shutdown() async {
        await ami.stop()
        await portal.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// What `engine asterisk manager-conf` prints for the bundled rules, with a real secret.
    static func healthyManagerConf(rules: String = RepositoryFiles.rulesFolder) -> String {
        let ruleSet = RuleSetLoader.load(paths: [rules]).ruleSet
        let snippet = ManagerConfSnippet.render(
            EngineRequirements(ruleSet: ruleSet),
            username: "switchboard",
            source: "the rules in rules/"
        )
        return snippet.replacingOccurrences(of: "secret = CHANGE-ME", with: "secret = \(amiSecret)")
    }

    /// The first events of a real call, sent to each session after login.
    static func firstEvents() throws -> [AMIMessage] {
        Array(
            try AMICapture(contentsOf: RepositoryFiles.capture("answered")).events.filter {
                $0.name == "Newchannel"
            }.prefix(2)
        )
    }
}

extension DoctorReport {
    /// The status of check `id` (fails the test when the check is missing).
    func status(_ id: String) -> DoctorStatus? { finding(id)?.status }

    /// Everything the check said, for `contains` assertions.
    func text(_ id: String) -> String {
        guard let finding = finding(id) else { return "" }
        return ([finding.message] + finding.details + [finding.fix ?? ""]).joined(separator: "\n")
    }
}
