import Adapters
import Foundation
import PortalTestSupport
import Simulators
import Testing

/// Start-up: definitive credential/scope failures stop the engine; an unreachable portal does not.
@Suite("Bitrix24 start-up check")
struct Bitrix24StartupCheckTests {
    @Test("credentials and scopes fine → ready")
    func ready() async throws {
        try await PortalFixture.with(
            configuration: .init(scopes: ["telephony", "crm", "user_brief", "imopenlines"], rateLimit: nil)
        ) { f in
            let health = try await f.client().verifyAtStartup()
            #expect(health == .ready(grantedScopes: ["crm", "imopenlines", "telephony", "user_brief"]))
        }
    }

    @Test("wrong secret → definitive failure with a clear message")
    func wrongSecret() async throws {
        try await PortalFixture.with { f in
            let client = Bitrix24Client(auth: Bitrix24WebhookAuth(portal: f.portal.baseURL, userID: 1, secret: "typo"))
            do {
                _ = try await client.verifyAtStartup()
                Issue.record("a wrong secret passed the start-up check")
            } catch let failure as Bitrix24StartupFailure {
                #expect(failure.description.contains("INVALID_CREDENTIALS"))
                #expect(failure.description.contains("webhook"))
                #expect(failure.underlying?.code == "INVALID_CREDENTIALS")
            }
        }
    }

    @Test("missing scope → definitive failure naming the scope")
    func missingScope() async throws {
        try await PortalFixture.with(configuration: .init(scopes: ["crm", "user"], rateLimit: nil)) { f in
            do {
                _ = try await f.client().verifyAtStartup()
                Issue.record("a webhook without telephony passed")
            } catch let failure as Bitrix24StartupFailure {
                #expect(failure.description.contains("telephony"))
                #expect(!failure.description.contains("crm,"))
            }
        }
    }

    @Test("unreachable, overloaded (503 rate limit) or hanging portal → not fatal, reported")
    func unreachable() async throws {
        let portal = FakeBitrix24()
        try await portal.start()
        let url = portal.webhookURL
        await portal.stop()
        let down = try Bitrix24Client(
            auth: Bitrix24WebhookAuth(webhookURL: url),
            configuration: .init(timeout: .milliseconds(300))
        )
        guard case .unreachable(let reason) = try await down.verifyAtStartup() else {
            Issue.record("a stopped portal was reported ready")
            return
        }
        #expect(reason.contains("cannot connect"))
        try await PortalFixture.with { f in
            f.portal.injectFault(.queryLimitExceeded)
            guard case .unreachable = try await f.client().verifyAtStartup() else {
                Issue.record("rate limited start-up was fatal or ready")
                return
            }
            f.portal.injectFault(.hang)
            guard case .unreachable = try await f.client(timeout: .milliseconds(200)).verifyAtStartup() else {
                Issue.record("hanging portal was fatal or ready")
                return
            }
        }
    }
}
