public import Adapters
public import Foundation
public import Simulators
public import TestSupport

/// For tests: a started fake Bitrix24 portal on 127.0.0.1, a client pointed at it, a log capture and a fresh temp
/// folder (for an outbox file), all removed afterwards. Shared by the Bitrix24 client tests and the delivery tests.
public struct PortalFixture: Sendable {
    /// Who the portal knows before the test starts.
    public enum Users: Sendable {
        /// Olga (12, ext 101), Ivan (13, 102, day closed), Anna (14, 103), an inactive user (15, 104), and two CRM
        /// objects with phones: contact 797 (Ivan Sidorov, +7 916 123-45-67) and company 55 (Acme LLC).
        case directory
        /// `count` ringing operators: ids 100, 101, … with inner numbers alike.
        case operators(Int)
        /// Nobody.
        case none
    }

    /// The portal.
    public let portal: FakeBitrix24
    /// The portal's clock (a ``FakeManualClock`` unless the test gave another).
    public let clock: any FakeClock
    /// Every log line of the client (and of whatever else logs to ``LogCapture/logger``).
    public let logs: LogCapture
    /// A fresh folder, removed afterwards.
    public let directory: URL
    /// The operators seeded by ``Users/operators(_:)``.
    public let operators: [Int]

    /// `/rest/<uid>/<secret>/`
    public var prefix: String { "/rest/\(portal.configuration.webhookUserID)/\(portal.configuration.webhookSecret)/" }
    /// The webhook's secret.
    public var secret: String { portal.configuration.webhookSecret }
    /// `outbox.sqlite` in ``directory``.
    public var outboxPath: String { directory.appendingPathComponent("outbox.sqlite").path }

    /// A client of the portal whose lines go to ``logs``.
    public func client(timeout: Duration = .seconds(5)) throws -> Bitrix24Client {
        try Bitrix24Client(
            auth: Bitrix24WebhookAuth(webhookURL: portal.webhookURL),
            configuration: .init(timeout: timeout),
            logger: logs.logger
        )
    }

    /// Moves the portal's manual clock forward (a test that gave the portal another clock must not call this).
    public func advance(by seconds: Double) {
        guard let manual = clock as? FakeManualClock else {
            preconditionFailure("the portal of this fixture does not run on a manual clock")
        }
        manual.advance(by: seconds)
    }

    /// Runs `body` with a started portal and removes everything afterwards.
    public static func with<T>(
        configuration: FakeBitrix24Configuration = FakeBitrix24Configuration(rateLimit: nil),
        clock: any FakeClock = FakeManualClock(),
        users: Users = .directory,
        _ body: (PortalFixture) async throws -> T
    ) async throws -> T {
        let portal = FakeBitrix24(configuration: configuration, clock: clock)
        let operators = seed(portal, users)
        try await portal.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "portal-fixture-\(UUID().uuidString)"
        )
        let fixture = PortalFixture(
            portal: portal,
            clock: clock,
            logs: LogCapture(),
            directory: directory,
            operators: operators
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let value = try await body(fixture)
            await portal.stop()
            return value
        } catch {
            await portal.stop()
            throw error
        }
    }

    private static func seed(_ portal: FakeBitrix24, _ users: Users) -> [Int] {
        switch users {
        case .none:
            return []
        case .operators(let count):
            let ids = Array(100..<(100 + count))
            for id in ids { portal.addUser(FakeBitrix24User(id: id, name: "Operator \(id)", phoneInner: String(id))) }
            return ids
        case .directory:
            portal.addUser(FakeBitrix24User(id: 12, name: "Olga", lastName: "Ivanova", phoneInner: "101"))
            portal.addUser(
                FakeBitrix24User(id: 13, name: "Ivan", lastName: "Petrov", phoneInner: "102", timemanStatus: "CLOSED")
            )
            portal.addUser(FakeBitrix24User(id: 14, name: "Anna", phoneInner: "103"))
            portal.addUser(FakeBitrix24User(id: 15, name: "Gone", phoneInner: "104", active: false))
            portal.addCrmEntity(
                FakeBitrix24CrmEntity(
                    type: "CONTACT",
                    id: 797,
                    name: "Ivan",
                    lastName: "Sidorov",
                    phones: ["+7 (916) 123-45-67"],
                    assignedByID: 13
                )
            )
            portal.addCrmEntity(
                FakeBitrix24CrmEntity(
                    type: "COMPANY",
                    id: 55,
                    title: "Acme LLC",
                    phones: ["+74951112233"],
                    assignedByID: 12
                )
            )
            return []
        }
    }
}
