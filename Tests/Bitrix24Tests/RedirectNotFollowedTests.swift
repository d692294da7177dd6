import Adapters
import Hummingbird
import Synchronization
import TestSupport
import Testing

/// Item 9 of the hardening issue (the smaller ones): the Bitrix24 client follows no redirect. A portal answering
/// 307 (which keeps the method and the body) to another path gets the request once; the target never sees it, and
/// the error pauses the portal with a message that names the setting.
@Suite("Bitrix24: redirects are not followed")
struct RedirectNotFollowedTests {
    @Test func smallerOnesRedirectIsNotFollowed() async throws {
        let hits = Mutex<[String]>([])
        let router = Router()
        router.post("/rest/1/whsecret123/{method}") { request, _ -> Response in
            hits.withLock { $0.append(request.uri.path) }
            return Response(status: .temporaryRedirect, headers: [.location: "/elsewhere"])
        }
        router.post("/elsewhere") { request, _ -> HTTPResponse.Status in
            hits.withLock { $0.append(request.uri.path) }
            return .ok
        }
        let server = LocalHTTPServer()
        try await server.start(router)
        let client = Bitrix24Client(
            auth: try Bitrix24WebhookAuth(webhookURL: "http://127.0.0.1:\(server.port)/rest/1/whsecret123/")
        )
        let error = try await #require(throws: Bitrix24Error.self) {
            try await client.call("telephony.externalcall.register", ["PHONE_NUMBER": "79161234567"])
        }
        await server.stop()
        guard case .pausePortal(let reason) = error.action else {
            Issue.record("a redirect should pause the portal, not \(error.action)")
            return
        }
        #expect(reason.contains("bitrix24.webhook_url"))
        #expect(!error.description.contains("whsecret123"))
        #expect(hits.withLock { $0 } == ["/rest/1/whsecret123/telephony.externalcall.register.json"])
    }
}
