import AMIProtocol
import Adapters
import Engine
import Foundation
import Testing

/// The call model on hand-made event sequences: what the captures do not show (redirect, Linkedid merges,
/// busy phones) and the quirks they do.
@Suite("Call model")
struct CallModelTests {
    typealias Channel = AMIEvents.Channel

    static let trunk = Channel(
        name: "PJSIP/trunk-00000001",
        uniqueid: "1800000000.1",
        linkedid: "1800000000.1",
        context: "from-trunk",
        exten: "74951112233",
        caller: "79161234567"
    )
    static let phone201 = Channel(
        name: "PJSIP/201-00000002",
        uniqueid: "1800000000.2",
        linkedid: "1800000000.1",
        context: "from-internal",
        exten: "",
        caller: "201"
    )

    func run(_ model: inout CallModel, _ messages: [AMIMessage]) -> [EngineEvent] {
        messages.flatMap { model.handle($0, arrival: Date(timeIntervalSince1970: 0)) }
    }

    /// An inbound trunk call answered by 201, as far as the bridge.
    func answeredBy201(_ ami: inout AMIEvents) -> [AMIMessage] {
        var unknownCaller = Self.trunk
        unknownCaller.caller = "<unknown>"
        return [
            ami.at(0).event("Newchannel", unknownCaller),
            ami.at(0).event("NewCallerid", Self.trunk),
            ami.at(1).event("Newchannel", Self.phone201),
            ami.at(1).event("DialBegin", Self.trunk, dest: Self.phone201, [AMIHeader("DialString", "201")]),
            ami.at(3).event("DialEnd", Self.trunk, dest: Self.phone201, [AMIHeader("DialStatus", "ANSWER")]),
            ami.at(3).event("BridgeEnter", Self.phone201, [AMIHeader("BridgeUniqueid", "b1")]),
            ami.at(3).event("BridgeEnter", Self.trunk, [AMIHeader("BridgeUniqueid", "b1")]),
        ]
    }

    @Test("call.started waits for the caller id: Newchannel's <unknown> is not a number")
    func startedWaitsForCallerID() {
        var model = CallModel()
        var ami = AMIEvents()
        var unknownCaller = Self.trunk
        unknownCaller.caller = "<unknown>"
        #expect(run(&model, [ami.at(0).event("Newchannel", unknownCaller)]).isEmpty)
        #expect(model.calls["1800000000.1"]?.direction == .inbound)
        let started = run(&model, [ami.at(0.1).event("NewCallerid", Self.trunk)])
        #expect(Story.lines(started) == ["started inbound 79161234567"])
        #expect(started.first?.time == Date(timeIntervalSince1970: 1_800_000_000.1))
        #expect(model.calls["1800000000.1"]?.did == "74951112233")
    }

    @Test("Restricted, anonymous and empty caller ids read as absent", arguments: ["Restricted", "anonymous", ""])
    func withheldCaller(raw: String) {
        var model = CallModel()
        var ami = AMIEvents()
        var withheld = Self.trunk
        withheld.caller = raw
        let events = run(&model, [ami.at(0).event("Newchannel", withheld), ami.at(0).event("NewCallerid", withheld)])
        #expect(Story.lines(events) == ["started inbound withheld"])
    }

    @Test("a redirect (no event of its own): BridgeLeave, the caller's dialplan in a new context, the partner's hangup")
    func redirect() {
        var model = CallModel()
        var ami = AMIEvents()
        var redirected = Self.trunk
        redirected.context = "ivr"
        redirected.exten = "s"
        let events = run(
            &model,
            answeredBy201(&ami) + [
                ami.at(6).event("BridgeLeave", Self.trunk, [AMIHeader("BridgeUniqueid", "b1")]),
                ami.at(6).event("Newexten", redirected, [AMIHeader("Application", "Playback")]),
                ami.at(6).event("BridgeLeave", Self.phone201, [AMIHeader("BridgeUniqueid", "b1")]),
                ami.at(6).event(
                    "Hangup",
                    Self.phone201,
                    [AMIHeader("Cause", "16"), AMIHeader("Cause-txt", "Normal Clearing")]
                ),
                ami.at(9).event(
                    "Hangup",
                    redirected,
                    [AMIHeader("Cause", "16"), AMIHeader("Cause-txt", "Normal Clearing")]
                ),
            ]
        )
        #expect(
            Story.lines(events) == [
                "started inbound 79161234567", "ringing 201", "stopped 201 answered", "answered 201",
                "transferred redirect 201→- s", "ended 16 answered",
            ]
        )
        #expect(Story.talkSeconds(events) == 6)
    }

    @Test("an ordinary hangup after the bridge is no redirect")
    func hangupIsNoRedirect() {
        var model = CallModel()
        var ami = AMIEvents()
        let events = run(
            &model,
            answeredBy201(&ami) + [
                ami.at(6).event("Hangup", Self.phone201, [AMIHeader("Cause", "16")]),
                ami.at(6).event("BridgeLeave", Self.trunk, [AMIHeader("BridgeUniqueid", "b1")]),
                ami.at(6).event("Newexten", Self.trunk, [AMIHeader("Application", "Hangup")]),
                ami.at(6).event("Hangup", Self.trunk, [AMIHeader("Cause", "17")]),
            ]
        )
        #expect(Story.lines(events).suffix(1) == ["ended 17 answered"])
        #expect(!events.contains { $0.name == "call.transferred" })
    }

    @Test("a phone-initiated attended transfer merges two calls: the target's channel moves with its answered ring")
    func linkedidMerge() {
        var model = CallModel()
        var ami = AMIEvents()
        let consult = Channel(
            name: "PJSIP/201-00000003",
            uniqueid: "1800000000.3",
            linkedid: "1800000000.3",
            context: "from-internal",
            exten: "203",
            caller: "201"
        )
        var phone203 = Channel(
            name: "PJSIP/203-00000004",
            uniqueid: "1800000000.4",
            linkedid: "1800000000.3",
            context: "from-internal",
            exten: "",
            caller: "203"
        )
        var first = answeredBy201(&ami)
        first += [
            ami.at(4).event("Newchannel", consult),
            ami.at(4).event("Newchannel", phone203),
            ami.at(4).event("DialBegin", consult, dest: phone203, [AMIHeader("DialString", "203")]),
            ami.at(6).event("DialEnd", consult, dest: phone203, [AMIHeader("DialStatus", "ANSWER")]),
            ami.at(6).event("BridgeEnter", phone203, [AMIHeader("BridgeUniqueid", "b2")]),
        ]
        phone203.linkedid = Self.trunk.linkedid  // bridged with the caller: adopts the oldest Linkedid
        var events = run(&model, first)
        events += run(
            &model,
            [
                ami.at(8).event(
                    "BridgeEnter",
                    phone203,
                    [AMIHeader("BridgeUniqueid", "b1"), AMIHeader("SwapUniqueid", "1800000000.2")]
                ),
                ami.at(8).event(
                    "AttendedTransfer",
                    nil,
                    [
                        AMIHeader("Result", "Success"), AMIHeader("OrigTransfererChannel", Self.phone201.name),
                        AMIHeader("OrigTransfererUniqueid", Self.phone201.uniqueid),
                        AMIHeader("SecondTransfererChannel", consult.name),
                        AMIHeader("SecondTransfererUniqueid", consult.uniqueid),
                        AMIHeader("TransferTargetChannel", phone203.name),
                        AMIHeader("TransferTargetUniqueid", phone203.uniqueid), AMIHeader("IsExternal", "No"),
                        AMIHeader("DestType", "Bridge"),
                    ]
                ),
                ami.at(8).event("Hangup", Self.phone201, [AMIHeader("Cause", "16")]),
                ami.at(8).event("Hangup", consult, [AMIHeader("Cause", "16")]),
                ami.at(20).event("Hangup", phone203, [AMIHeader("Cause", "16")]),
                ami.at(20).event("Hangup", Self.trunk, [AMIHeader("Cause", "16")]),
            ]
        )
        let callA = events.filter { $0.callID == "1800000000.1" }
        let callB = events.filter { $0.callID == "1800000000.3" }
        #expect(
            Story.lines(callB) == [
                "started internal 201", "ringing 203", "stopped 203 answered", "answered 203",
                "ended 16 answered",
            ]
        )
        #expect(
            Story.lines(callA) == [
                "started inbound 79161234567", "ringing 201", "stopped 201 answered", "answered 201",
                "transferred attended 201→203 203", "ended 16 answered",
            ]
        )
        #expect(Story.talkSeconds(callA) == 17)
        #expect(model.calls.isEmpty && model.legs.isEmpty)
    }

    @Test("DialEnd BUSY and CHANUNAVAIL stop rings as busy and unavailable; CANCEL twice stops once")
    func busyAndUnavailable() {
        var model = CallModel()
        var ami = AMIEvents()
        let phone202 = Channel(
            name: "PJSIP/202-00000005",
            uniqueid: "1800000000.5",
            linkedid: "1800000000.1",
            context: "from-internal",
            exten: "",
            caller: "202"
        )
        let phone203 = Channel(
            name: "PJSIP/203-00000006",
            uniqueid: "1800000000.6",
            linkedid: "1800000000.1",
            context: "from-internal",
            exten: "",
            caller: "203"
        )
        let events = run(
            &model,
            [
                ami.at(0).event("Newchannel", Self.trunk),
                ami.at(0).event("NewCallerid", Self.trunk),
                ami.at(1).event("DialBegin", Self.trunk, dest: Self.phone201, [AMIHeader("DialString", "201")]),
                ami.at(1).event("DialBegin", Self.trunk, dest: phone202, [AMIHeader("DialString", "202")]),
                ami.at(1).event("DialBegin", Self.trunk, dest: phone203, [AMIHeader("DialString", "203")]),
                ami.at(2).event("DialEnd", Self.trunk, dest: Self.phone201, [AMIHeader("DialStatus", "BUSY")]),
                ami.at(2).event("DialEnd", Self.trunk, dest: phone202, [AMIHeader("DialStatus", "CHANUNAVAIL")]),
                ami.at(2).event("Hangup", Self.phone201, [AMIHeader("Cause", "17")]),
                ami.at(2).event("Hangup", phone202, [AMIHeader("Cause", "20")]),
                ami.at(5).event("HangupRequest", Self.trunk, [AMIHeader("Cause", "16")]),
                ami.at(5).event("DialEnd", Self.trunk, dest: phone203, [AMIHeader("DialStatus", "CANCEL")]),
                ami.at(5).event("DialEnd", Self.trunk, dest: phone203, [AMIHeader("DialStatus", "CANCEL")]),
                ami.at(5).event("Hangup", phone203, [AMIHeader("Cause", "0")]),
                ami.at(5).event("Hangup", Self.trunk, [AMIHeader("Cause", "16")]),
            ]
        )
        #expect(
            Story.lines(events) == [
                "started inbound 79161234567", "ringing 201", "ringing 202", "ringing 203",
                "stopped 201 busy", "stopped 202 unavailable", "stopped 203 caller_gone",
                "ended 16 missed",
            ]
        )
    }

    @Test("quirks: a failed Originate, Cdr and late events after the end create no call")
    func quirks() {
        var model = CallModel()
        var ami = AMIEvents()
        let failed = AMIMessage([
            AMIHeader("Event", "OriginateResponse"), AMIHeader("ActionID", "foreign-2"),
            AMIHeader("Response", "Failure"), AMIHeader("Channel", "Local/201@agents"),
            AMIHeader("Context", "outgoing"), AMIHeader("Exten", "79161234567"),
            AMIHeader("Reason", "3"), AMIHeader("Uniqueid", "<unknown>"),
            AMIHeader("CallerIDNum", "201"), AMIHeader("CallerIDName", "Ivan"),
        ])
        let cdr = AMIMessage([
            AMIHeader("Event", "Cdr"), AMIHeader("Channel", Self.trunk.name),
            AMIHeader("UniqueID", Self.trunk.uniqueid), AMIHeader("Disposition", "ANSWERED"),
        ])
        #expect(run(&model, [failed, cdr]).isEmpty)
        #expect(model.calls.isEmpty)
        var events = run(
            &model,
            answeredBy201(&ami) + [
                ami.at(6).event("Hangup", Self.phone201, [AMIHeader("Cause", "16")]),
                ami.at(6).event("Hangup", Self.trunk, [AMIHeader("Cause", "16")]),
            ]
        )
        #expect(Story.lines(events).last == "ended 16 answered")
        events = run(
            &model,
            [
                ami.at(6).event("BridgeLeave", Self.trunk, [AMIHeader("BridgeUniqueid", "b1")]),
                ami.at(6).event("VarSet", Self.phone201, [AMIHeader("Variable", "X"), AMIHeader("Value", "1")]),
                cdr,
            ]
        )
        #expect(events.isEmpty)
        #expect(model.calls.isEmpty && model.legs.isEmpty)
    }
}
