import Foundation
import Testing

@testable import RuleDSL

@Suite("Configuration: click-to-call and the event endpoint")
struct ClickToCallConfigTests {
    private func load(_ text: String) throws -> ConfigLoader.Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return ConfigLoader.load(path: url.path, environment: ["B24_APP_TOKEN": "tok-42"])
    }

    static let portal = """
        ami: {host: pbx, username: sb, secret: x}
        bitrix24:
          webhook_url: "https://acme.bitrix24.ru/rest/1/s/"
          application_token: "${B24_APP_TOKEN}"
          default_user: 1

        """

    @Test("the event checks, trusted proxies and click-to-call keys are read, with their defaults")
    func keys() throws {
        let defaults = try #require(try load(Self.portal).config)
        #expect(defaults.bitrix24?.events.maxAgeSeconds == 30 && defaults.bitrix24?.events.dedupeSeconds == 600)
        #expect(defaults.clickToCall.channel == "Local/{ext}@from-internal" && defaults.clickToCall.ringSeconds == 30)
        #expect(defaults.bitrix24?.applicationToken?.reveal() == "tok-42")
        let text =
            Self.portal
                + """
                  events:
                    domain: acme.bitrix24.ru
                    member_id: m-1
                    max_age_seconds: 15
                    dedupe_seconds: 60
                    allow_from: [203.0.113.0/24, "2001:db8::/32", 198.51.100.7]
                    per_source_per_second: 2.5
                    per_source_burst: 4
                http: {listen: "127.0.0.1:8080", trusted_proxies: [127.0.0.1]}
                click_to_call: {channel: "PJSIP/{ext}", context: outgoing, ring_seconds: 20}

                """
        let config = try #require(try load(text).config)
        let events = try #require(config.bitrix24?.events)
        #expect(events.domain == "acme.bitrix24.ru" && events.memberID == "m-1")
        #expect(events.maxAgeSeconds == 15 && events.dedupeSeconds == 60)
        #expect(events.perSourcePerSecond == 2.5 && events.perSourceBurst == 4)
        #expect(
            events.allowFrom.map(\.description) == ["203.0.113.0/24", "2001:db8:0:0:0:0:0:0/32", "198.51.100.7/32"]
        )
        #expect(config.trustedProxies.map(\.description) == ["127.0.0.1/32"])
        #expect(config.clickToCall.channel == "PJSIP/{ext}" && config.clickToCall.context == "outgoing")
        guard case .map(let fields) = config.expressionValue, case .map(let click)? = fields["click_to_call"] else {
            Issue.record("no config.click_to_call")
            return
        }
        #expect(click == ["channel": "PJSIP/{ext}", "context": "outgoing", "ring_seconds": 20])
    }

    @Test("a channel without {ext}, a bad network, a zero age: each reported where it is written")
    func problems() throws {
        let text =
            Self.portal
                + """
                  events: {max_age_seconds: 0, allow_from: [10.0.0.0/33, example.com]}
                click_to_call: {channel: "Local/201@agents"}

                """
        let result = try load(text)
        #expect(result.config == nil)
        let found = result.report.diagnostics.filter { $0.code.id.hasPrefix("E") }.map {
            "\($0.code.id)@\($0.range.start)"
        }
        .sorted()
        #expect(found == ["E502@6:29", "E502@6:45", "E502@6:58", "E502@7:26"].sorted(), "\(found)")
    }

    @Test("networks: IPv4, IPv6 (with ::, and IPv4-mapped), prefixes; garbage refused")
    func networks() throws {
        let v4 = try #require(IPNetwork("203.0.113.0/24"))
        #expect(v4.contains([203, 0, 113, 77]) && !v4.contains([203, 0, 114, 1]))
        #expect(v4.contains(Array(repeating: 0, count: 10) + [0xFF, 0xFF, 203, 0, 113, 5]))
        let v6 = try #require(IPNetwork("2001:db8::/32"))
        #expect(v6.contains([0x20, 0x01, 0x0D, 0xB8] + Array(repeating: 0, count: 11) + [1]))
        #expect(!v6.contains([203, 0, 113, 77]))
        #expect(IPNetwork("::1")?.prefixLength == 128 && IPNetwork("0.0.0.0/0")?.contains([8, 8, 8, 8]) == true)
        for bad in ["10.0.0.0/33", "10.0.0/8", "256.1.1.1", "1.2.3.4/-1", "1::2::3", "example.com", "", "1.2.3.4/+8"] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
    }
}
