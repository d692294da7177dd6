import Engine
import Foundation
import RuleDSL
import Testing

/// Every capture of captures/ replayed over real TCP (test AMI server → AMI client → call
/// model, default rules in force), against the story written by hand from captures/README.md and the
/// capture's timestamps. Talk times are checked against the first BridgeEnter → last Hangup of each capture.
@Suite("Asterisk 22 captures: the call stories")
struct AsteriskCaptureStoryTests {
    /// The queue story of answered.ami and anonymous.ami: ringall to 201/202/203, 201 answers after ~2 s.
    static func queueAnsweredBy201(caller: String, recording: String) -> [String] {
        [
            "started inbound \(caller)", "joined sales 1",
            "ringing 201 sales", "ringing 202 sales", "ringing 203 sales",
            "stopped 202 answered_elsewhere", "stopped 203 answered_elsewhere",
            "left sales answered", "stopped 201 answered", "answered 201",
            "ended 16 answered", "recorded 1/1 \(recording)",
        ]
    }

    static func expectTalk(
        _ result: CaptureReplayOverTCP.Result,
        bridgedSeconds: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let talk = Story.talkSeconds(result.events)
        #expect(talk != nil, sourceLocation: sourceLocation)
        if let talk {
            #expect(abs(Double(talk) - bridgedSeconds) <= 1, "talk \(talk) s", sourceLocation: sourceLocation)
        }
    }

    /// Replays `capture` and checks its story and, when given, its talk time against the bridged seconds.
    static func replay(
        _ capture: String,
        story: [String],
        bridgedSeconds: Double? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CaptureReplayOverTCP.Result {
        let result = try await CaptureReplayOverTCP.run(capture)
        #expect(Story.lines(result.events) == story, sourceLocation: sourceLocation)
        if let bridgedSeconds { expectTalk(result, bridgedSeconds: bridgedSeconds, sourceLocation: sourceLocation) }
        return result
    }

    @Test("answered: one inbound call, 201 answers, 202/203 answered elsewhere, 4–5 s talk, recording")
    func answered() async throws {
        let result = try await Self.replay(
            "answered",
            story: Self.queueAnsweredBy201(caller: "79161234567", recording: "1795564212.1.wav")
        )
        let talk = try #require(Story.talkSeconds(result.events))
        #expect((4...5).contains(talk))
        Self.expectTalk(result, bridgedSeconds: 4.504)
        let call = try #require(result.call)
        #expect(call.id == "1795564212.0")
        #expect(call.answeredBy == "201")
        #expect(call.recording == "/var/spool/asterisk/monitor/1795564212.1.wav")
        // The recording tool's own Originate (Dest-only DialBegin/DialEnd ANSWER on the caller's ;1) is no answer:
        // the first answer is 201's, ~2.5 s after the call started.
        let started = try #require(result.events.first { $0.name == "call.started" })
        let answered = try #require(result.events.first { $0.name == "call.answered" })
        #expect(answered.time.timeIntervalSince(started.time) > 2)
        // The default rules: registered once, three cards, two hidden when 201 answers, 201's at the end, finished
        // by 201 with 200 and the talk time.
        #expect(result.intents("b24.register_call").count == 1)
        #expect(result.intents("b24.register_call").first?.arguments["external_call_id"] == "pbx1:1795564212.0")
        #expect(result.intents("b24.show_card").count == 3)
        #expect(result.intents("b24.hide_card").count == 3)
        #expect(result.intents("b24.hide_card").filter { $0.ruleID == "hide-all-at-end" }.count == 1)
        let finish = try #require(result.intents("b24.finish_call").first)
        #expect(result.intents("b24.finish_call").count == 1)
        #expect(finish.arguments["status"] == "200")
        #expect(finish.arguments["duration"] == .int(talk))
        #expect(finish.arguments["user"] == .deferred(.reference(DeferredReference(["user_of", "201"]))))
        #expect(finish.arguments["call"] == .deferred(.reference(DeferredReference(["call", "b24", "call_id"]))))
    }

    @Test("answered without timestamps: the same story at arrival times")
    func answeredWithoutTimestamps() async throws {
        let result = try await Self.replay(
            "answered.no-timestamps",
            story: Self.queueAnsweredBy201(caller: "79161234567", recording: "1795563581.1.wav")
        )
        #expect(result.call?.answeredBy == "201")
    }

    @Test("noanswer-overflow: sales rings twice, overflows to support, 202 rung three times, all no_answer, missed")
    func noAnswerOverflow() async throws {
        let result = try await CaptureReplayOverTCP.run("noanswer-overflow")
        let salesRound = [
            "ringing 201 sales", "ringing 202 sales", "ringing 203 sales",
            "stopped 201 no_answer", "stopped 202 no_answer", "stopped 203 no_answer",
        ]
        let supportRound = ["ringing 202 support", "stopped 202 no_answer"]
        #expect(
            Story.lines(result.events)
                == ["started inbound 79161234567", "joined sales 1"] + salesRound + salesRound
                + ["left sales overflow", "joined support 1"] + supportRound + supportRound + supportRound
                + ["left support timeout", "ended 16 missed", "recorded 1/1 1795564224.9.wav"]
        )
        #expect(Story.talkSeconds(result.events) == 0)
        // Every shown card is hidden; finished as missed (cause 16 → 304).
        #expect(result.intents("b24.show_card").count == 9)
        #expect(result.intents("b24.hide_card").count == 9)
        #expect(result.intents("b24.finish_call").first?.arguments["status"] == "304")
    }

    @Test("abandon: the caller hangs up after ~8 s in sales: every ring stops with caller_gone")
    func abandon() async throws {
        let result = try await Self.replay(
            "abandon",
            story: [
                "started inbound 79161234567", "joined sales 1", "ringing 201 sales", "ringing 202 sales",
                "ringing 203 sales",
                "stopped 201 caller_gone", "stopped 202 caller_gone", "stopped 203 caller_gone",
                "left sales abandoned", "ended 16 missed", "recorded 1/1 1795564345.45.wav",
            ]
        )
        let events = result.events
        let joined = try #require(events.first { $0.name == "call.queue_joined" })
        let left = try #require(events.first { $0.name == "call.queue_left" })
        #expect(abs(left.time.timeIntervalSince(joined.time) - 7.5) < 1)
        #expect(result.intents("b24.hide_card").count == 3)
        #expect(result.intents("b24.finish_call").first?.arguments["status"] == "304")
    }

    @Test("clicktocall-agent-noanswer: 201 never answers; the call ends unanswered with cause 19")
    func clickToCallAgentNoAnswer() async throws {
        let result = try await CaptureReplayOverTCP.run("clicktocall-agent-noanswer")
        // Only 201's own phone ever rings (by the Originate, which rings nobody of a call), so the call never
        // dials out: with caller 201 and extension 201 it reads as internal. The failed Originate's
        // OriginateResponse (Uniqueid <unknown>) belongs to no call.
        #expect(Story.lines(result.events) == ["started internal 201", "ended 19 missed"])
        #expect(result.call?.isAnswered == false)
    }

    @Test("blindtransfer-ami: 201 answers, blind-transfers to 203, who answers and talks last")
    func blindTransfer() async throws {
        let result = try await Self.replay(
            "blindtransfer-ami",
            story: [
                "started inbound 79161234567", "joined sales 1", "ringing 201 sales", "ringing 202 sales",
                "ringing 203 sales",
                "stopped 202 answered_elsewhere", "stopped 203 answered_elsewhere", "left sales answered",
                "stopped 201 answered", "answered 201", "transferred blind 201→- 203",
                "ringing 203", "stopped 203 answered", "answered 203", "ended 16 answered",
                "recorded 1/1 1795564434.63.wav",
            ],
            bridgedSeconds: 12.508
        )
        #expect(result.call?.answeredBy == "203")
        #expect(result.intents("b24.finish_call").count == 1)
        #expect(
            result.intents("b24.finish_call").first?.arguments["user"]
                == .deferred(.reference(DeferredReference(["user_of", "203"])))
        )
        #expect(result.intents("b24.show_card").count == 4)  // 203's card shows while it rings after the transfer
    }

    @Test("atxfer-ami: 201 answers, consults 203 who answers, 201 hangs up and the transfer completes")
    func attendedTransfer() async throws {
        let result = try await Self.replay(
            "atxfer-ami",
            story: [
                "started inbound 79161234567", "joined sales 1", "ringing 201 sales", "ringing 202 sales",
                "ringing 203 sales",
                "stopped 202 answered_elsewhere", "stopped 203 answered_elsewhere", "left sales answered",
                "stopped 201 answered", "answered 201",
                "ringing 203", "stopped 203 answered", "answered 203", "transferred attended 201→203 203",
                "ended 16 answered", "recorded 1/1 1795564484.83.wav",
            ],
            bridgedSeconds: 30.97
        )
        #expect(result.call?.answeredBy == "203")
        #expect(result.intents("b24.finish_call").count == 1)
    }

    @Test("ringgroup: DID 74951112233, Dial(201&202&203) with no queue, 201 answers after ~2 s")
    func ringGroup() async throws {
        let result = try await Self.replay(
            "ringgroup",
            story: [
                "started inbound 79161234567", "ringing 201", "ringing 202", "ringing 203",
                "stopped 202 answered_elsewhere", "stopped 203 answered_elsewhere", "stopped 201 answered",
                "answered 201", "ended 16 answered", "recorded 1/1 1795565943.281.wav",
            ],
            bridgedSeconds: 4.502
        )
        #expect(result.call?.did == "74951112233")
        #expect(result.call?.answeredBy == "201")
        #expect(result.intents("b24.show_card").count == 3)
        #expect(result.intents("b24.hide_card").count == 3)
        #expect(result.intents("b24.hide_card").filter { $0.ruleID == "hide-all-at-end" }.count == 1)
    }

    @Test("direct-followme: DID 74951112244 rings 202 for 10 s (no answer), then follow-me to 203, who answers")
    func directFollowMe() async throws {
        let result = try await Self.replay(
            "direct-followme",
            story: [
                "started inbound 79161234567", "ringing 202", "stopped 202 no_answer", "ringing 203",
                "stopped 203 answered", "answered 203", "ended 16 answered", "recorded 1/1 1795565981.297.wav",
            ],
            bridgedSeconds: 6.505
        )
        let rings = result.events.filter { $0.name == "call.ringing" || $0.name == "call.ring_stopped" }
        #expect(abs(rings[1].time.timeIntervalSince(rings[0].time) - 10) < 0.1)
        #expect(result.call?.did == "74951112244")
        #expect(result.call?.answeredBy == "203")
    }

    @Test("internal: 201 calls 203 from his phone; 203 answers; nothing registered")
    func internalCall() async throws {
        let result = try await Self.replay(
            "internal",
            story: [
                "started internal 201", "ringing 203", "stopped 203 answered", "answered 203", "ended 16 answered",
            ],
            bridgedSeconds: 6.505
        )
        #expect(result.entries.allSatisfy { $0.intents.isEmpty })
    }

    /// A call operator 201 placed to `callee`, who answers; `bridgedSeconds` of talk.
    struct OutboundCall: Sendable, CustomTestStringConvertible {
        let capture: String
        let callee: String
        let bridgedSeconds: Double
        let recording: String
        var testDescription: String { "\(capture): 201 calls \(callee), who answers; 201 talked" }
    }

    @Test(
        "outbound from 201: started by 201, the client answers, registered as 201's outgoing call, finished with 200",
        arguments: [
            // clicktocall replayed without a click event reads as 201's own outbound call.
            OutboundCall(
                capture: "clicktocall",
                callee: "79161234567",
                bridgedSeconds: 6.503,
                recording: "1795564359.52.wav"
            ),
            OutboundCall(
                capture: "outbound-ext",
                callee: "79169998877",
                bridgedSeconds: 6.505,
                recording: "1795566025.307.wav"
            ),
        ]
    )
    func outbound(_ outbound: OutboundCall) async throws {
        let callee = outbound.callee
        let result = try await Self.replay(
            outbound.capture,
            story: [
                "started outbound 201", "ringing \(callee)", "stopped \(callee) answered", "answered \(callee)",
                "ended 16 answered", "recorded 1/1 \(outbound.recording)",
            ],
            bridgedSeconds: outbound.bridgedSeconds
        )
        #expect(result.call?.callee == callee)
        #expect(result.call?.answeredBy == "201")
        let register = try #require(result.intents("b24.register_call").first)
        #expect(register.ruleID == "register-outbound" && register.arguments["type"] == "outgoing")
        #expect(result.intents("b24.finish_call").first?.arguments["status"] == "200")
    }

    @Test("anonymous: a withheld caller id reads as absent; placeholder number and no lead")
    func anonymous() async throws {
        let result = try await Self.replay(
            "anonymous",
            story: Self.queueAnsweredBy201(caller: "withheld", recording: "1795566075.315.wav"),
            bridgedSeconds: 4.503
        )
        #expect(result.call?.caller == nil)
        let register = try #require(result.intents("b24.register_call").first)
        #expect(register.arguments["phone"] == "anonymous")
        #expect(register.arguments["crm_create"] == false)
    }
}
