import Adapters
import Foundation
import PortalTestSupport
import Simulators
import TestSupport
import Testing

/// The webhook secret never reaches a log line or an error text.
@Suite("Bitrix24 secret hygiene")
struct Bitrix24SecretTests {
    @Test("failing requests of every kind: no error text and no log line contains the secret")
    func secretNeverLeaks() async throws {
        try await PortalFixture.with { f in
            let client = try f.client(timeout: .milliseconds(300))
            var texts: [String] = []
            /// True when the call failed (its error's texts kept).
            @discardableResult
            func attempt(_ method: String, _ params: [String: Bitrix24Value] = [:]) async -> Bool {
                do {
                    _ = try await client.call(method, params)
                    return false
                } catch {
                    texts.append(String(describing: error))
                    texts.append(String(reflecting: error))
                    texts.append("\(error)")
                    return true
                }
            }
            /// Fails the next request with `fault` (one left over by a request that gave up before the portal saw
            /// it is cleared first, so each fault meets its own attempt). On a loaded machine such a late request
            /// can still take the fault meant for this attempt, which then succeeds: it goes again.
            func attempt(_ method: String, failingWith fault: FakeBitrix24Fault) async {
                for _ in 0..<5 {
                    f.portal.clearFaults()
                    f.portal.injectFault(fault)
                    if await attempt(method) { return }
                }
            }
            await attempt("telephony.externalcall.teleport")
            await attempt("telephony.externalcall.finish", ["CALL_ID": "x", "USER_ID": 12])
            for fault in [FakeBitrix24Fault.invalidCredentials, .internalServerError, .dropConnection, .hang] {
                await attempt("user.get", failingWith: fault)
            }
            // The portal echoing the secret back must not leak it either. A request that timed out above may still
            // reach the portal and take this fault: then it goes again.
            let masked = "bad path /rest/1/***/user.get"
            let echo = FakeBitrix24Fault.error(
                status: 400,
                code: "",
                description: "bad path /rest/1/\(f.secret)/user.get"
            )
            for _ in 0..<5 where !texts.contains(where: { $0.contains(masked) }) {
                await attempt("user.get", failingWith: echo)
            }
            let wrongSecretClient = Bitrix24Client(
                auth: Bitrix24WebhookAuth(portal: f.portal.baseURL, userID: 1, secret: "other-secret-value"),
                logger: f.logs.logger
            )
            do { _ = try await wrongSecretClient.call("user.get") } catch { texts.append("\(error)") }
            do { _ = try await client.verifyAtStartup() } catch { texts.append("\(error)") }

            #expect(texts.count >= 20)
            #expect(f.logs.all.count >= 8, "failures are logged")
            for text in texts + f.logs.all {
                #expect(!text.contains(f.secret), "leaked: \(text)")
                #expect(!text.contains("other-secret-value"), "leaked: \(text)")
            }
            #expect(texts.contains { $0.contains(masked) }, "the echoed secret is masked")
        }
    }

    @Test("the webhook auth prints masked, and a malformed URL error does not echo it")
    func authDescription() throws {
        let auth = try Bitrix24WebhookAuth(webhookURL: "https://acme.bitrix24.ru/rest/7/abcSECRET123/")
        #expect(auth.userID == 7)
        #expect(auth.portal == "https://acme.bitrix24.ru")
        #expect("\(auth)" == "https://acme.bitrix24.ru/rest/7/***/")
        #expect(!String(reflecting: auth).contains("abcSECRET123"))
        #expect(auth.redact("x abcSECRET123 y") == "x *** y")
        do {
            _ = try Bitrix24WebhookAuth(webhookURL: "https://acme.bitrix24.ru/rest/notanumber/abcSECRET123/")
            Issue.record("accepted a malformed webhook URL")
        } catch {
            #expect(!"\(error)".contains("abcSECRET123"))
        }
        // Trailing slash optional, method suffix tolerated, http allowed (on-premise).
        #expect(
            try Bitrix24WebhookAuth(webhookURL: "http://pbx.local:8080/rest/3/k3y").portal == "http://pbx.local:8080"
        )
        #expect(try Bitrix24WebhookAuth(webhookURL: "https://a.bitrix24.ru/rest/3/k3y/profile.json").userID == 3)
    }
}
