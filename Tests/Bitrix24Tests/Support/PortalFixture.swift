import Adapters
import Foundation
import Logging
import Simulators
import Synchronization
import TestSupport

/// A running fake portal with a few users and CRM objects, and a client pointed at it.
struct PortalFixture {
    let portal: FakeBitrix24
    let clock: FakeManualClock
    let raw: RawHTTP
    let logs: LogCapture

    /// `/rest/<uid>/<secret>/`
    var prefix: String { "/rest/\(portal.configuration.webhookUserID)/\(portal.configuration.webhookSecret)/" }
    var secret: String { portal.configuration.webhookSecret }

    func client(timeout: Duration = .seconds(5)) throws -> Bitrix24Client {
        try Bitrix24Client(
            auth: Bitrix24WebhookAuth(webhookURL: portal.webhookURL),
            configuration: .init(timeout: timeout),
            logger: logs.logger
        )
    }

    /// Runs `body` with a started portal (unlimited rate unless given) and stops it afterwards.
    static func with<T>(
        configuration: FakeBitrix24Configuration = FakeBitrix24Configuration(rateLimit: nil),
        seed: Bool = true,
        _ body: (PortalFixture) async throws -> T
    ) async throws -> T {
        let clock = FakeManualClock()
        let portal = FakeBitrix24(configuration: configuration, clock: clock)
        if seed {
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
        }
        try await portal.start()
        let fixture = PortalFixture(
            portal: portal,
            clock: clock,
            raw: RawHTTP(base: portal.baseURL),
            logs: LogCapture()
        )
        do {
            let value = try await body(fixture)
            await portal.stop()
            return value
        } catch {
            await portal.stop()
            throw error
        }
    }
}
