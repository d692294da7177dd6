import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Simulators
import UnixSignals

/// `engine fake-portal`: the fake Bitrix24 portal on its own, for trying `engine run` against a real Asterisk (the
/// test PBX of shared/asterisk-lab) without a real portal. It prints the inbound-webhook URL, writes every request it
/// receives to a JSON-lines journal, and runs until SIGTERM/SIGINT, when it prints the timeline `engine demo` prints.
struct FakePortalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-portal",
        abstract: "Run the fake Bitrix24 portal on loopback until SIGTERM/SIGINT (for live checks).",
        discussion: """
            Users are ID:NAME:EXTENSION (default: 11:Ivan:201, 12:Petr:202, 13:Anna:203, as the test PBX); a \
            contact is PHONE:RESPONSIBLE_ID (a known client whose manager is that user). The journal holds one JSON \
            object per request: seq, at (epoch seconds), method, status, in_batch, params, result, error.
            """
    )

    @Option(name: .long, help: "A user, ID:NAME:EXTENSION (repeatable; replaces the default three).")
    var user: [FakePortalUserOption] = []

    @Option(name: .long, help: "A CRM contact, PHONE:RESPONSIBLE_ID (repeatable).")
    var contact: [FakePortalContactOption] = []

    @Option(name: .long, help: "Append every request to this JSON-lines file.")
    var journal: String?

    @Option(name: .long, help: "Also write the webhook URL to this file.")
    var urlFile: String?

    @Flag(name: .long, help: "No rate limit (default: the cloud's, burst 50, 2 a second).")
    var noRateLimit = false

    static let defaultUsers = [
        FakePortalUserOption(id: 11, name: "Ivan", extension: "201"),
        FakePortalUserOption(id: 12, name: "Petr", extension: "202"),
        FakePortalUserOption(id: 13, name: "Anna", extension: "203"),
    ]

    func run() async throws {
        bootstrapStandardErrorLogging(level: .warning)
        let portal = FakeBitrix24(configuration: FakeBitrix24Configuration(rateLimit: noRateLimit ? nil : .cloud))
        let users = user.isEmpty ? Self.defaultUsers : user
        for option in users {
            portal.addUser(FakeBitrix24User(id: option.id, name: option.name, phoneInner: option.extension))
        }
        for option in contact {
            _ = portal.addCrmEntity(
                FakeBitrix24CrmEntity(
                    type: "CONTACT",
                    name: "Client",
                    phones: [option.phone],
                    assignedByID: option.responsible
                )
            )
        }
        let service = FakePortalService(portal: portal, journal: journal, urlFile: urlFile)
        let group = ServiceGroup(
            services: [service],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "switchboard.fake-portal")
        )
        try await group.run()
        var names = Dictionary(uniqueKeysWithValues: users.map { ($0.id, "\($0.name) (\($0.extension))") })
        names[portal.configuration.webhookUserID] = "the default user"
        print(JournalTimeline.render(portal.journal, names: names))
    }
}

/// `--user ID:NAME:EXTENSION`.
struct FakePortalUserOption: ExpressibleByArgument, Sendable {
    let id: Int
    let name: String
    let `extension`: String

    init(id: Int, name: String, extension: String) {
        self.id = id
        self.name = name
        self.extension = `extension`
    }

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let id = Int(parts[0]), id > 0, !parts[1].isEmpty else { return nil }
        self.init(id: id, name: parts[1], extension: parts[2])
    }
}

/// `--contact PHONE:RESPONSIBLE_ID`.
struct FakePortalContactOption: ExpressibleByArgument, Sendable {
    let phone: String
    let responsible: Int

    init?(argument: String) {
        let parts = argument.split(separator: ":").map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let responsible = Int(parts[1]), responsible > 0 else { return nil }
        self.phone = parts[0]
        self.responsible = responsible
    }
}
