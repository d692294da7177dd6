import Adapters
import NIOCore
import Testing

@Suite("Bitrix24 events: form, token, sources")
struct Bitrix24EventFormTests {
    /// The reference's constructed ONEXTERNALCALLSTART body (bitrix24-api.md §12), with a created lead added.
    static let body =
        "event=ONEXTERNALCALLSTART&event_handler_id=975"
        + "&data%5BPHONE_NUMBER%5D=%2B7+495+123-45-67&data%5BPHONE_NUMBER_INTERNATIONAL%5D=%2B74951234567"
        + "&data%5BEXTENSION%5D=&data%5BUSER_ID%5D=12&data%5BCALL_LIST_ID%5D=0&data%5BLINE_NUMBER%5D="
        + "&data%5BIS_MOBILE%5D=0&data%5BCALL_ID%5D=externalCall.0a1b2c3d4e5f60718293a4b5c6d7e8f9.1773236989"
        + "&data%5BCRM_ENTITY_TYPE%5D=CONTACT&data%5BCRM_ENTITY_ID%5D=797"
        + "&data%5BCRM_CREATED_ENTITIES%5D%5B0%5D%5BENTITY_TYPE%5D=LEAD"
        + "&data%5BCRM_CREATED_ENTITIES%5D%5B0%5D%5BENTITY_ID%5D=1543&ts=1773236988"
        + "&auth%5Bdomain%5D=acme.bitrix24.ru&auth%5Bclient_endpoint%5D=https%3A%2F%2Facme.bitrix24.ru%2Frest%2F"
        + "&auth%5Bserver_endpoint%5D=https%3A%2F%2Foauth.bitrix.info%2Frest%2F"
        + "&auth%5Bmember_id%5D=a223c6b9410f85df78e9377d6c4f7213"
        + "&auth%5Bapplication_token%5D=jvh9y1ulvt2m6k5or90v9mg8nn32ozas"

    @Test("PHP bracket notation, percent-encoding, + as space, nested arrays kept apart from the plain fields")
    func reference() {
        let form = Bitrix24EventForm(body: Self.body)
        #expect(form["event"] == "ONEXTERNALCALLSTART" && form["ts"] == "1773236988")
        let data = form.group("data")
        #expect(data["PHONE_NUMBER"] == "+7 495 123-45-67")
        #expect(data["CALL_ID"] == "externalCall.0a1b2c3d4e5f60718293a4b5c6d7e8f9.1773236989")
        #expect(data["EXTENSION"] == "" && data["USER_ID"] == "12")
        #expect(data["CRM_CREATED_ENTITIES"] == nil)
        #expect(form["data.CRM_CREATED_ENTITIES.0.ENTITY_ID"] == "1543")
        #expect(form.group("auth")["client_endpoint"] == "https://acme.bitrix24.ru/rest/")
    }

    @Test("lenient: unknown keys kept, a repeated key keeps the last value, broken pairs and names skipped")
    func lenient() {
        let form = Bitrix24EventForm(
            body: "event=X&data[A]=1&data[A]=2&junk&=v&data[B=3&data]C[=4&%ZZ=5&data[C]=%E2%82%AC&new_key=ok&&"
        )
        #expect(form.group("data") == ["A": "2", "C": "€"])
        #expect(form["new_key"] == "ok")
        #expect(form.fields.count == 4)
        let flood = (0..<1000).map { "k\($0)=v" }.joined(separator: "&")
        #expect(Bitrix24EventForm(body: flood).fields.count == Bitrix24EventForm.maximumFields)
    }

    @Test("the application token is compared in full; missing, wrong, other portal and unconfigured are told apart")
    func credentials() {
        let credentials = Bitrix24EventCredentials(
            token: "jvh9y1ulvt2m6k5or90v9mg8nn32ozas",
            domain: "ACME.bitrix24.ru",
            memberID: "a223c6b9410f85df78e9377d6c4f7213"
        )
        let good = [
            "application_token": "jvh9y1ulvt2m6k5or90v9mg8nn32ozas", "domain": "acme.bitrix24.ru",
            "member_id": "a223c6b9410f85df78e9377d6c4f7213",
        ]
        #expect(credentials.refusal(of: good) == nil)
        var auth = good
        auth["application_token"] = nil
        #expect(credentials.refusal(of: auth) == .missingToken)
        for wrong in [
            "jvh9y1ulvt2m6k5or90v9mg8nn32ozaS", "jvh9y1ulvt2m6k5or90v9mg8nn32oza", "x",
            "jvh9y1ulvt2m6k5or90v9mg8nn32ozasX",
        ] {
            auth["application_token"] = wrong
            #expect(credentials.refusal(of: auth) == .wrongToken, "\(wrong)")
        }
        auth = good
        auth["domain"] = "evil.bitrix24.ru"
        #expect(credentials.refusal(of: auth) == .wrongPortal)
        auth = good
        auth["member_id"] = "0"
        #expect(credentials.refusal(of: auth) == .wrongPortal)
        #expect(Bitrix24EventCredentials(token: "").refusal(of: good) == .notConfigured)
        #expect(!String(describing: credentials).contains("jvh9"))
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains("106, 118, 104") && dumped.contains("<redacted>"))
    }

    @Test("the source is the peer, or what a trusted proxy's X-Forwarded-For names (right-most untrusted hop)")
    func sources() throws {
        let proxy = try SocketAddress(ipAddress: "10.0.0.5", port: 40000)
        let policy = SourcePolicy(isTrustedProxy: { $0 == [10, 0, 0, 5] || $0 == [10, 0, 0, 6] })
        #expect(policy.source(peer: proxy, forwardedFor: ["203.0.113.9, 10.0.0.6"]) == [203, 0, 113, 9])
        #expect(policy.source(peer: proxy, forwardedFor: ["198.51.100.1, 203.0.113.9"]) == [203, 0, 113, 9])
        #expect(policy.source(peer: proxy, forwardedFor: []) == [10, 0, 0, 5])
        #expect(policy.source(peer: proxy, forwardedFor: ["not-an-ip"]) == [10, 0, 0, 5])
        let stranger = try SocketAddress(ipAddress: "192.0.2.7", port: 1)
        #expect(policy.source(peer: stranger, forwardedFor: ["203.0.113.9"]) == [192, 0, 2, 7], "forged header")
        let v6 = try SocketAddress(ipAddress: "2001:db8::1", port: 1)
        #expect(policy.source(peer: v6, forwardedFor: []).count == 16)
    }
}
