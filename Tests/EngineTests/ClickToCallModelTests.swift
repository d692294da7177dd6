import AMIProtocol
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// The call model with calls the engine starts for Bitrix24: Asterisk's events of the Originate (the real captures,
/// their Uniqueids being the ChannelId the engine gave) land in the call, which is never read as another call.
@Suite("Call model: click-to-call")
struct ClickToCallModelTests {
    static let click = CRMCallRequest.sample(phone: "79161234567")

    static func story(_ capture: String, id: String) throws -> (lines: [String], events: [EngineEvent], ended: Call?) {
        var model = CallModel()
        let start = Date(timeIntervalSince1970: 1_795_564_359)
        var events = model.start(click, id: id, at: start)
        #expect(model.calls[id]?.awaitingChannel == true)
        var ended: Call?
        for message in try AMICapture(contentsOf: RepositoryFiles.capture(capture)).messages {
            events += model.handle(message, arrival: start)
            ended = ended ?? model.lastEnded[id]
        }
        #expect(model.calls.isEmpty, "no other call was made of the Originate's events")
        return (Story.lines(events), events, ended)
    }

    @Test("clicktocall: the operator's phone rings and answers, then the client's; one call, answered, by the operator")
    func answered() throws {
        let (lines, events, ended) = try Self.story("clicktocall", id: "1795564359.52")
        #expect(
            lines == [
                "requested click_to_call 79161234567", "started click_to_call 201", "ringing 201",
                "stopped 201 answered", "ringing 79161234567", "stopped 79161234567 answered",
                "answered 79161234567", "ended 16 answered", "recorded 1/1 1795564359.52.wav",
            ]
        )
        #expect(Set(events.map(\.callID)) == ["1795564359.52"])
        let call = try #require(ended)
        #expect(call.direction == .clickToCall && call.answeredBy == "201" && call.b24CallID == "externalCall.t.1")
        #expect(call.b24User == 12)
        #expect((Story.talkSeconds(events) ?? 0) >= 5)
    }

    @Test("clicktocall-agent-noanswer: the operator's phone rings out; the call ends unanswered, cause 19")
    func operatorNoAnswer() throws {
        let (lines, _, _) = try Self.story("clicktocall-agent-noanswer", id: "1795564376.56")
        #expect(
            lines == [
                "requested click_to_call 79161234567", "started click_to_call 201", "ringing 201",
                "stopped 201 no_answer", "ended 19 missed",
            ]
        )
    }

    @Test("a call that never got a channel ends once with the given cause; a resync leaves it alone while it waits")
    func withoutChannel() {
        var model = CallModel()
        let now = Date()
        _ = model.start(Self.click, id: "sb-1", at: now)
        let claims = [model.claimOriginate(in: "sb-1"), model.claimOriginate(in: "sb-1")]
        #expect(claims == [true, false], "one Originate names the call")
        let unknown = model.claimOriginate(in: "sb-none")
        #expect(!unknown)
        #expect(model.resynchronize(channels: [], at: now).isEmpty)
        #expect(model.calls["sb-1"] != nil)
        let ended = Story.lines(model.endWithoutChannel("sb-1", cause: "originate_failed", at: now))
        #expect(ended == ["ended originate_failed missed"])
        #expect(model.endWithoutChannel("sb-1", cause: "originate_failed", at: now).isEmpty)
        #expect(model.start(Self.click, id: "sb-1", at: now).isEmpty, "an id is never reused")
    }

    @Test("a saved call the engine started is restored with its CALL_ID and user, and a resync ends it when gone")
    func restore() {
        var model = CallModel()
        let now = Date()
        _ = model.start(Self.click, id: "sb-2", at: now)
        let saved = model.calls["sb-2"]!.saved
        var restored = CallModel()
        restored.restore([saved])
        #expect(restored.calls["sb-2"]?.b24CallID == "externalCall.t.1" && restored.calls["sb-2"]?.b24User == 12)
        #expect(Story.lines(restored.resynchronize(channels: [], at: now)) == ["ended lost missed"])
    }
}

extension CRMCallRequest {
    /// A click of user 12 with CALL_ID `externalCall.t.1`.
    static func sample(phone: String) -> CRMCallRequest {
        var request = CRMCallRequest(kind: .clickToCall)
        request.callID = "externalCall.t.1"
        request.user = 12
        request.phone = phone
        return request
    }
}
