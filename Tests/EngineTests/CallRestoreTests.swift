import AMIProtocol
import Adapters
import Engine
import Foundation
import RuleDSL
import TestSupport
import Testing

/// Calls saved before a restart, restored into a fresh model and resynchronised with `CoreShowChannels`:
/// the ones whose channels vanished end (and the rules finish them), the live ones carry on.
@Suite("Restoring saved calls")
struct CallRestoreTests {
    typealias Channel = AMIEvents.Channel

    static let callID = "1800000000.1"
    static let trunk = CallModelTests.trunk
    static let phone201 = CallModelTests.phone201
    static let phone203 = Channel(
        name: "PJSIP/203-00000009",
        uniqueid: "1800000000.9",
        linkedid: callID,
        context: "from-internal",
        exten: "",
        caller: "203"
    )

    static func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + seconds) }

    static func run(_ model: inout CallModel, _ messages: [AMIMessage]) -> [EngineEvent] {
        messages.flatMap { model.handle($0, arrival: Date(timeIntervalSince1970: 0)) }
    }

    /// A `CoreShowChannel` item for `channel`, as Asterisk 22 lists it.
    static func listed(_ channel: Channel) -> AMIMessage {
        AMIMessage(
            [AMIHeader("Event", "CoreShowChannel"), AMIHeader("ActionID", "sb-7")] + channel.headers()
                + [AMIHeader("Application", "Dial"), AMIHeader("Duration", "00:01:00"), AMIHeader("BridgeId", "b1")]
        )
    }

    /// The call as the daemon saves it: 201 answered at +3 s, the register result landed, a lead still pending,
    /// then written as JSON and read back.
    static func savedAnsweredCall() throws -> SavedCall {
        var model = CallModel()
        var ami = AMIEvents()
        _ = run(&model, CallModelTests().answeredBy201(&ami))
        model.bind("b24", in: callID)
        model.setBinding("b24", to: ["call_id": "X", "crm": ["id": 7, "score": 0.5]], in: callID)
        model.bind("lead", in: callID)
        let saved = try #require(model.calls[callID]).saved
        let json = try JSONEncoder().encode(saved)
        let decoded = try JSONDecoder().decode(SavedCall.self, from: json)
        #expect(decoded == saved)
        return decoded
    }

    /// The call while 201 still rings (nobody answered yet).
    static func savedRingingCall() throws -> SavedCall {
        var model = CallModel()
        var ami = AMIEvents()
        let events = run(&model, Array(CallModelTests().answeredBy201(&ami).prefix(4)))
        #expect(Story.lines(events) == ["started inbound 79161234567", "ringing 201"])
        model.bind("b24", in: callID)
        model.setBinding("b24", to: ["call_id": "X"], in: callID)
        return try #require(model.calls[callID]).saved
    }

    static func field(_ value: Value?, _ name: String) -> Value? {
        guard case .map(let fields)? = value else { return nil }
        return fields[name]
    }

    @Test("what is saved comes back unchanged: the call, its rings, its bound and pending results")
    func savedIsRestored() throws {
        let saved = try Self.savedAnsweredCall()
        #expect(saved.hasStarted && saved.direction == .inbound && saved.caller == "79161234567")
        #expect(saved.firstAnsweredAt == Self.at(3) && saved.answeredBy == "201")
        #expect(saved.answeringMember?.channel == Self.phone201.name)
        #expect(saved.legIDs == [Self.trunk.uniqueid, Self.phone201.uniqueid])
        #expect(saved.rings.map(\.member.extension) == ["201"] && saved.rings.first?.hasAnswered == true)
        #expect(saved.bindings["lead"] == .deferred(.reference(DeferredReference(["call", "lead"]))))
        var model = CallModel()
        model.restore([saved])
        #expect(model.calls[Self.callID]?.saved == saved)
    }

    @Test("no channel left: exactly one call.ended, answered, talk seconds from the saved answer, bindings kept")
    func noChannelsLeft() throws {
        var model = CallModel()
        model.restore([try Self.savedAnsweredCall()])
        let events = model.resynchronize(channels: [], at: Self.at(60))
        #expect(Story.lines(events) == ["ended lost answered"])
        #expect(events.first?.callID == Self.callID)
        #expect(Story.talkSeconds(events) == 57)
        let snapshot = model.lastEnded[Self.callID]?.snapshot(at: Self.at(60))
        #expect(Self.field(snapshot, "b24") == ["call_id": "X", "crm": ["id": 7, "score": 0.5]])
        #expect(Self.field(snapshot, "answered_by") == "201")
        #expect(Self.field(snapshot, "talk_seconds") == 57)
        #expect(model.calls.isEmpty && model.legs.isEmpty)
        // Ended is ended: the same call restored again (a late save) is not revived.
        model.restore([try Self.savedAnsweredCall()])
        #expect(model.calls.isEmpty)
    }

    @Test("its channels still up: the call goes on, adopts a new channel with its Linkedid, and ends on their hangups")
    func channelsStillUp() throws {
        var model = CallModel()
        model.restore([try Self.savedAnsweredCall()])
        let events = model.resynchronize(
            channels: [
                Self.listed(Self.trunk), Self.listed(Self.phone201),
                Self.listed(Self.phone203),
            ],
            at: Self.at(60)
        )
        #expect(events.isEmpty)
        let call = try #require(model.calls[Self.callID])
        #expect(call.legIDs == [Self.trunk.uniqueid, Self.phone201.uniqueid, Self.phone203.uniqueid])
        #expect(model.legs[Self.phone201.uniqueid]?.channel == Self.phone201.name)
        var ami = AMIEvents()
        var ended = Self.run(
            &model,
            [
                ami.at(70).event("Hangup", Self.phone201, [AMIHeader("Cause", "16")]),
                ami.at(70).event("Hangup", Self.phone203, [AMIHeader("Cause", "16")]),
            ]
        )
        #expect(ended.isEmpty)
        ended = Self.run(&model, [ami.at(71).event("Hangup", Self.trunk, [AMIHeader("Cause", "16")])])
        #expect(Story.lines(ended) == ["ended 16 answered"])
        #expect(Story.talkSeconds(ended) == 68)
        #expect(
            Self.field(model.lastEnded[Self.callID]?.snapshot(at: Self.at(71)), "b24")
                == ["call_id": "X", "crm": ["id": 7, "score": 0.5]]
        )
    }

    @Test("a phone that was ringing: its ring stops with reason lost, whether the call ends or goes on")
    func ringingPhone() throws {
        var gone = CallModel()
        gone.restore([try Self.savedRingingCall()])
        let ended = gone.resynchronize(channels: [], at: Self.at(30))
        #expect(Story.lines(ended) == ["stopped 201 lost", "ended lost missed"])

        var goesOn = CallModel()
        goesOn.restore([try Self.savedRingingCall()])
        let stopped = goesOn.resynchronize(channels: [Self.listed(Self.trunk)], at: Self.at(30))
        #expect(Story.lines(stopped) == ["stopped 201 lost"])
        #expect(goesOn.calls[Self.callID]?.rung.first?.isRinging == false)
    }

    @Test("a call saved before call.started reports it before it ends; a call already in the model is kept")
    func notStartedAndLive() throws {
        var saved = try Self.savedRingingCall()
        saved.hasStarted = false
        saved.rings = []
        var model = CallModel()
        model.restore([saved])
        let events = model.resynchronize(channels: [], at: Self.at(5))
        #expect(Story.lines(events) == ["started inbound 79161234567", "ended lost missed"])

        var live = CallModel()
        var ami = AMIEvents()
        _ = Self.run(&live, CallModelTests().answeredBy201(&ami))
        let before = try #require(live.calls[Self.callID]).saved
        live.restore([try Self.savedRingingCall()])
        #expect(live.calls[Self.callID]?.saved == before)
    }

    @Test("with the default rules: the ringing phone's card is hidden and the call finished, with the saved CALL_ID")
    func defaultRulesFinish() throws {
        let loaded = RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder])
        let ruleSet = try #require(loaded.ruleSet)
        func engine() -> CallEngine {
            CallEngine(
                generation: RuleGeneration(number: 1, ruleSet: ruleSet),
                interpreter: RuleInterpreter(
                    config: CaptureReplayOverTCP.config,
                    functions: DirectoryPlaceholder.functions
                )
            )
        }
        var ringing = engine()
        ringing.restore([try Self.savedRingingCall()])
        let missed = ringing.resynchronize(channels: [], at: Self.at(30))
        #expect(missed.flatMap(\.issues).isEmpty)
        let missedIntents = missed.flatMap(\.intents)
        #expect(missedIntents.map(\.action) == ["b24.hide_card", "b24.finish_call"])
        #expect(missedIntents.allSatisfy { $0.arguments["call"] == "X" })
        #expect(missedIntents.last?.arguments["status"] == "304")

        var answered = engine()
        answered.restore([try Self.savedAnsweredCall()])
        let finished = answered.resynchronize(channels: [], at: Self.at(60))
        let finish = try #require(finished.flatMap(\.intents).last)
        #expect(finish.action == "b24.finish_call")
        #expect(finish.arguments["call"] == "X")
        #expect(finish.arguments["duration"] == 57)
        #expect(finish.arguments["status"] == "200")
        #expect(finish.arguments["user"] == .deferred(.reference(DeferredReference(["user_of", "201"]))))
    }
}
