import Engine
import Foundation
import RuleDSL
import Testing

/// The SIP-era fixtures that hold whole calls (captures/fixtures), replayed over real TCP, against stories
/// written from captures/fixtures/README.md and the events. The cacofonisk captures come from VoIPGRID's
/// dialplan: calls from the PSTN enter in `voipgrid_in`, phones are SIP accounts `1500100xx` with extensions
/// `2xx`, and every phone is dialled through a `Local/ID…@osvpi_route_phoneaccount` hop (the member, whose
/// own dial of the SIP device is the same phone). They carry no timestamps (talk time is not checked) and are
/// filtered to a few event types.
@Suite("SIP-era fixtures: the call stories")
struct FixtureStoryTests {
    static func voipgrid() throws -> RuleGeneration {
        let ruleSet = try TemporaryRules.compile([
            "policy.yaml": """
            version: 1
            lists:
              inbound_contexts: [voipgrid_in]
              internal_number_patterns: ['^1500100[0-9]{2}$', '^2[0-9]{2}$']

            """
        ])
        return RuleGeneration(number: 1, ruleSet: ruleSet)
    }

    static func run(_ name: String) async throws -> [String: [String]] {
        let result = try await CaptureReplayOverTCP.run(
            path: "captures/fixtures/cacofonisk/\(name).reconstructed.ami",
            generation: try voipgrid()
        )
        return Dictionary(grouping: result.events, by: \.callID).mapValues(Story.lines)
    }

    @Test("simple A→B: 201 (150010001) calls 202, who answers; A hangs up")
    func simple() async throws {
        let calls = try await Self.run("simple__ab_success_a_hangup")
        #expect(
            calls == [
                "195176c06ab8-1529936170.42": [
                    "started internal 150010001", "ringing ID730151", "stopped ID730151 answered", "answered ID730151",
                    "ended 16 answered",
                ]
            ]
        )
    }

    @Test("blind transfer A→B, B→C: 202 blind-transfers 201's call to 203, who answers")
    func blindTransfer() async throws {
        let calls = try await Self.run("xfer_blind__xfer_blind_abbcac")
        #expect(
            calls == [
                "07b796be1962-1529998959.65": [
                    "started internal 150010001", "ringing ID730151", "stopped ID730151 answered", "answered ID730151",
                    "transferred blind ID730151→- 203", "ringing ID730152", "stopped ID730152 answered",
                    "answered ID730152",
                    "ended 16 answered",
                ]
            ]
        )
    }

    @Test("attended transfer A→B, A→C: 201 joins 202 and 203; the consultation call merges into the first")
    func attendedTransfer() async throws {
        let calls = try await Self.run("xfer_attended__xfer_abacbc")
        #expect(
            calls["195176c06ab8-1529941216.590"] == [
                "started internal 150010001", "ringing ID730151", "stopped ID730151 answered", "answered ID730151",
                "transferred attended 150010001→ID730152 ID730152", "ended 16 answered",
            ]
        )
        #expect(
            calls["195176c06ab8-1529941225.617"] == [
                "started internal 150010001", "ringing ID730152", "stopped ID730152 answered", "answered ID730152",
                "ended merged answered",
            ]
        )
    }

    @Test("queue call from the PSTN answered by 201, who blind-transfers it to 202")
    func queueBlindTransfer() async throws {
        let calls = try await Self.run("queue__queue_blind_xfer")
        #expect(
            calls == [
                "f29ea68048f6-1530023464.2539": [
                    "started inbound +31260010001", "ringing ID730150", "stopped ID730150 answered",
                    "answered ID730150",
                    "transferred blind ID730150→- 202", "ringing ID730151", "stopped ID730151 answered",
                    "answered ID730151",
                    "ended 16 answered",
                ]
            ]
        )
    }

    @Test("queue call from the PSTN answered by 201, who consults 202 and transfers")
    func queueAttendedTransfer() async throws {
        let calls = try await Self.run("queue__queue_attn_xfer")
        #expect(
            calls["f29ea68048f6-1530022819.2433"] == [
                "started inbound +31260010001", "ringing ID730150", "stopped ID730150 answered", "answered ID730150",
                "transferred attended ID730150→ID730151 ID730151", "ended 16 answered",
            ]
        )
        #expect(
            calls["f29ea68048f6-1530022836.2474"] == [
                "started internal 150010001", "ringing ID730151", "stopped ID730151 answered", "answered ID730151",
                "ended 16 answered",
            ]
        )
    }

    @Test("goami2 call: 9170 calls 9898 over SIP; answered; internal by the default number patterns")
    func goami2Call() async throws {
        let result = try await CaptureReplayOverTCP.run(path: "captures/fixtures/goami2/call.clean.ami")
        #expect(
            Story.lines(result.events) == [
                "started internal 9170", "ringing 9898", "stopped 9898 answered",
                "answered 9898", "ended 16 answered",
            ]
        )
    }
}
