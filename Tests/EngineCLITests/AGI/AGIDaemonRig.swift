import AMIProtocol
import Adapters
import Foundation
import RuleDSL
import Simulators
import SwitchboardDaemon
import TestSupport
import Testing

/// The daemon in this process (`engine run`'s parts, built from an engine.yaml with `agi:`), the test AMI server and
/// the fake portal on loopback, and a scripted Asterisk peer for FastAGI: everything over real TCP and HTTP.
struct AGIDaemonRig {
    /// Ivan, Petr and Anna: the test PBX's operators (201–203), as portal users.
    static let operators = [
        (id: 11, name: "Ivan", ext: "201"), (id: 12, name: "Petr", ext: "202"), (id: 13, name: "Anna", ext: "203"),
    ]
    static let defaultUser = 1
    /// The captures' caller.
    static let caller = "79161234567"

    let ami: AMITestServer
    let portal: FakeBitrix24
    let daemon: Daemon
    let agiPort: Int
    let folder: URL

    /// What the portal holds before the daemon starts (it loads the user directory at start).
    enum Seed {
        /// The captures' caller as a contact managed by `responsible`.
        case contact(responsible: Int)
        /// Another user.
        case user(FakeBitrix24User)
        /// A user's work-day status.
        case timeman(user: Int, status: String)
        /// A user deactivated.
        case deactivated(user: Int)
        /// A fault on every request of `method` (lower case).
        case fault(FakeBitrix24Fault, method: String)

        func apply(to portal: FakeBitrix24) {
            switch self {
            case .contact(let responsible): AGIDaemonRig.addContact(to: portal, responsible: responsible)
            case .user(let user): portal.addUser(user)
            case .timeman(let id, let status): portal.updateUser(id: id) { $0.timemanStatus = status }
            case .deactivated(let id): portal.updateUser(id: id) { $0.active = false }
            case .fault(let fault, let method): portal.injectFault(fault, times: 1000, method: method)
            }
        }
    }

    /// Runs `body` with a rig whose portal holds `seeds` before the daemon started.
    static func with(
        deadlineMilliseconds: Int = 8000,
        sessionSeconds: Int = 30,
        seeds: [Seed] = [],
        _ body: (AGIDaemonRig) async throws -> Void
    ) async throws {
        let amiSecret = UUID().uuidString
        let ami = try await AMITestServer.start(configuration: .init(username: "agi", secret: AMISecret(amiSecret)))
        let portal = FakeBitrix24(configuration: FakeBitrix24Configuration(rateLimit: nil))
        portal.addUser(FakeBitrix24User(id: defaultUser, name: "Admin"))
        for user in operators { portal.addUser(FakeBitrix24User(id: user.id, name: user.name, phoneInner: user.ext)) }
        for seed in seeds { seed.apply(to: portal) }
        try await portal.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("engine.yaml")
        try """
        pbx: {id: main}
        ami: {host: 127.0.0.1, port: \(ami.port), username: agi, secret: "${AMI_SECRET}"}
        bitrix24:
          webhook_url: "${WEBHOOK}"
          default_user: \(defaultUser)
          rate_limit: {per_second: 50, burst: 250}
        admin: {listen: "127.0.0.1:0"}
        agi: {listen: "127.0.0.1:0", deadline_ms: \(deadlineMilliseconds), session_seconds: \(sessionSeconds)}
        rules: \(RepositoryFiles.rulesFolder)
        state: \(folder.appendingPathComponent("switchboard.sqlite").path)
        """.write(to: file, atomically: true, encoding: .utf8)
        let loaded = ConfigLoader.load(
            path: file.path,
            environment: ["AMI_SECRET": amiSecret, "WEBHOOK": portal.webhookURL]
        )
        let config = try #require(loaded.config, "\(loaded.report.diagnostics)")
        let daemon = try await Daemon.start(
            config: config,
            options: .init(probeInterval: .seconds(30), drainTimeout: .seconds(1))
        )
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await daemon.run() }
            defer { group.cancelAll() }
            do {
                let port = try #require(try await daemon.agiServer?.listeningPort())
                _ = try await ami.waitForAction(named: "CoreShowChannels", timeout: .seconds(30))
                try await body(AGIDaemonRig(ami: ami, portal: portal, daemon: daemon, agiPort: port, folder: folder))
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        await ami.stop()
        await portal.stop()
        try? FileManager.default.removeItem(at: folder)
        try outcome.get()
    }

    /// Replays `capture`'s events before the first one `stop` accepts, and waits until the call is registered (the
    /// engine has seen its channels).
    func replay(_ capture: String, until stop: (AMIMessage) -> Bool) async throws {
        let events = try AMICapture(contentsOf: RepositoryFiles.capture(capture)).events
        let prefix = events.prefix { !stop($0) }
        await ami.replay(events: Array(prefix), speed: .instant)
        let registered = await portal.waitForJournal(timeout: .seconds(20)) { journal in
            journal.contains { $0.method == "telephony.externalcall.register" && $0.status == 200 }
        }
        #expect(registered, "the call was not registered")
    }

    /// Replays answered.ami (or `capture`) up to the first ringing phone: the caller's channel runs its dialplan.
    func callArrives(_ capture: String = "answered") async throws {
        try await replay(capture) { $0.name == "AgentCalled" }
    }

    /// The dialplan's request: the recorded block with the caller's channel of answered.ami.
    static func request(callerID: String = caller, script: String = "route") -> AGIEnvironmentFixture {
        AGIEnvironmentFixture(bytes: (try? RepositoryFiles.bytes("captures/agi/route.agi")) ?? [])
            .replacing("agi_uniqueid", with: "1795564212.1")
            .replacing("agi_channel", with: "Local/79161234567@incoming-00000000;2")
            .replacing("agi_callerid", with: callerID)
            .replacing("agi_network_script", with: script)
            .replacing("agi_request", with: "agi://127.0.0.1/\(script)")
    }

    /// Asks the daemon as the dialplan would.
    func ask(
        _ request: AGIEnvironmentFixture = AGIDaemonRig.request(),
        behaviour: AGITestClient.Behaviour = .asterisk
    ) async throws -> AGITestClient.Outcome {
        try await AGITestClient.run(port: agiPort, environment: request.bytes, behaviour: behaviour)
    }

    /// The searches the portal received (with the FastAGI server on, they go through the lookup lane).
    var lookups: [FakeBitrix24JournalEntry] {
        portal.journal.filter { $0.method == "telephony.externalcall.searchcrmentities" && !$0.inBatch }
    }

    /// The contact of the captures' caller, managed by `responsible`.
    @discardableResult
    static func addContact(to portal: FakeBitrix24, responsible: Int = 12) -> Int {
        portal.addCrmEntity(
            FakeBitrix24CrmEntity(
                type: "CONTACT",
                name: "Client",
                phones: ["+7 (916) 123-45-67"],
                assignedByID: responsible
            )
        )
    }
}
