import AMIProtocol
import Engine
import Foundation
import RuleDSL
import Testing

/// MixMonitor recordings in the call model: VarSet `MIXMONITOR_FILENAME`, MixMonitorStart/Stop, several per call,
/// channels moving between calls, restarts; `call.recorded` after `call.ended`, once per recording.
@Suite("Call model: recordings")
struct CallRecordingTests {
    typealias Channel = AMIEvents.Channel
    static let trunk = CallModelTests.trunk
    static let phone201 = CallModelTests.phone201
    static let file = "/var/spool/asterisk/monitor/1800000000.1.wav"

    func run(_ model: inout CallModel, _ messages: [AMIMessage]) -> [EngineEvent] {
        messages.flatMap { model.handle($0, arrival: Date(timeIntervalSince1970: 0)) }
    }

    static func varSet(_ ami: AMIEvents, _ channel: Channel, _ file: String) -> AMIMessage {
        ami.event("VarSet", channel, [AMIHeader("Variable", "MIXMONITOR_FILENAME"), AMIHeader("Value", file)])
    }

    static func hangups(_ ami: inout AMIEvents, at seconds: Double) -> [AMIMessage] {
        [
            ami.at(seconds).event("Hangup", phone201, [AMIHeader("Cause", "16")]),
            ami.at(seconds).event("Hangup", trunk, [AMIHeader("Cause", "16")]),
        ]
    }

    /// The events of an inbound call answered by 201 with `during` in the middle, hanging up at 9 s.
    func answeredCall(_ during: (inout AMIEvents) -> [AMIMessage]) -> (CallModel, [EngineEvent]) {
        var model = CallModel()
        var ami = AMIEvents()
        var messages = CallModelTests().answeredBy201(&ami)
        messages += during(&ami)
        messages += Self.hangups(&ami, at: 9)
        let events = run(&model, messages)
        return (model, events)
    }

    /// The call.recorded events' payloads.
    static func recorded(_ events: [EngineEvent]) -> [[String: Value]] {
        events.compactMap { event in
            guard event.name == "call.recorded", case .map(let fields) = event.payload else { return nil }
            return fields
        }
    }

    @Test("VarSet then MixMonitorStart is one recording; call.recorded comes after call.ended, with the file")
    func oneRecording() throws {
        let (_, events) = answeredCall { ami in
            [
                Self.varSet(ami.at(3.5), Self.trunk, Self.file),
                ami.at(3.5).event("MixMonitorStart", Self.trunk),
            ]
        }
        #expect(Story.lines(events).suffix(2) == ["ended 16 answered", "recorded 1/1 1800000000.1.wav"])
        let payload = try #require(Self.recorded(events).first)
        #expect(payload["file"] == .string(Self.file))
        #expect(payload["uniqueid"] == "1800000000.1")
        #expect(payload["channel"] == "PJSIP/trunk-00000001")
        #expect(payload["index"] == 1 && payload["count"] == 1)
        #expect(payload["queue"] == nil)
        #expect(events.last?.time == Date(timeIntervalSince1970: 1_800_000_009))
    }

    @Test("with VarSet filtered out, MixMonitorStart alone tells of a recording without a file name")
    func startOnly() throws {
        let (_, events) = answeredCall { ami in [ami.at(3.5).event("MixMonitorStart", Self.trunk)] }
        let payload = try #require(Self.recorded(events).first)
        #expect(payload["file"] == nil)
        #expect(payload["uniqueid"] == "1800000000.1")
        #expect(Story.lines(events).last == "recorded 1/1 1800000000.1")
    }

    @Test("two channels recorded, the same file reported twice, a restart after MixMonitorStop: three recordings")
    func several() throws {
        let agentFile = "/var/spool/asterisk/monitor/agent-201.wav"
        let (model, events) = answeredCall { ami in
            [
                Self.varSet(ami.at(3.1), Self.trunk, Self.file),
                ami.at(3.1).event("MixMonitorStart", Self.trunk),
                Self.varSet(ami.at(3.2), Self.trunk, Self.file),
                Self.varSet(ami.at(3.3), Self.phone201, agentFile),
                ami.at(3.3).event("MixMonitorStart", Self.phone201),
                ami.at(5).event("MixMonitorStop", Self.trunk),
                ami.at(6).event("MixMonitorStart", Self.trunk),
            ]
        }
        let recorded = Self.recorded(events)
        #expect(recorded.map { $0["file"] } == [.string(Self.file), .string(agentFile), nil])
        #expect(recorded.map { $0["index"] } == [1, 2, 3])
        #expect(recorded.allSatisfy { $0["count"] == 3 })
        #expect(recorded.map { $0["uniqueid"] } == ["1800000000.1", "1800000000.2", "1800000000.1"])
        #expect(model.lastEnded["1800000000.1"]?.recording == agentFile)  // the last one reported
    }

    @Test("a queue call's recordings carry the last queue the caller joined, after it left the queue")
    func queue() throws {
        let (_, events) = answeredCall { ami in
            [
                Self.varSet(ami.at(3.5), Self.trunk, Self.file),
                ami.at(4).event(
                    "QueueCallerJoin",
                    Self.trunk,
                    [AMIHeader("Queue", "sales"), AMIHeader("Position", "1")]
                ),
                ami.at(5).event("QueueCallerLeave", Self.trunk, [AMIHeader("Queue", "sales")]),
            ]
        }
        #expect(Self.recorded(events).first?["queue"] == "sales")
    }

    @Test("a recorded channel moving to another call (Linkedid change) takes its recording along")
    func moves() throws {
        var other = Self.phone201
        other.uniqueid = "1800000000.7"
        other.linkedid = "1800000000.7"
        other.name = "PJSIP/202-00000007"
        var adopted = other
        adopted.linkedid = "1800000000.1"
        let (_, events) = answeredCall { ami in
            [
                ami.at(4).event("Newchannel", other),
                Self.varSet(ami.at(4), other, "/rec/other.wav"),
                ami.at(5).event("NewConnectedLine", adopted),
                ami.at(8).event("Hangup", adopted, [AMIHeader("Cause", "16")]),
            ]
        }
        let recorded = Self.recorded(events)
        #expect(recorded.map { $0["file"] } == [.string("/rec/other.wav")])
        #expect(events.first { $0.name == "call.recorded" }?.callID == "1800000000.1")
    }

    @Test("a call saved mid-call keeps its recordings; after the restart its end reports them")
    func restart() throws {
        var model = CallModel()
        var ami = AMIEvents()
        _ = run(
            &model,
            CallModelTests().answeredBy201(&ami) + [
                Self.varSet(ami.at(3.5), Self.trunk, Self.file),
                ami.at(3.5).event("MixMonitorStart", Self.trunk),
                ami.at(4).event(
                    "QueueCallerJoin",
                    Self.trunk,
                    [AMIHeader("Queue", "sales"), AMIHeader("Position", "1")]
                ),
            ]
        )
        let saved = try #require(model.calls["1800000000.1"]?.saved)
        let decoded = try JSONDecoder().decode(SavedCall.self, from: try JSONEncoder().encode(saved))
        #expect(decoded == saved)
        #expect(decoded.recordings?.count == 1 && decoded.lastQueue == "sales")

        var restored = CallModel()
        restored.restore([decoded])
        let events = restored.resynchronize(channels: [], at: Date(timeIntervalSince1970: 1_800_000_100))
        #expect(Story.lines(events).suffix(2) == ["ended lost answered", "recorded 1/1 1800000000.1.wav"])
        #expect(Self.recorded(events).first?["queue"] == "sales")
    }

    @Test("a saved call written before recordings were kept still loads (no recordings)")
    func oldSavedCall() throws {
        let saved = SavedCall(id: "1", originUniqueid: "1", originBase: "PJSIP/x", startedAt: Date(), legIDs: ["1"])
        var json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(saved)) as? [String: Any] ?? [:]
        json["recordings"] = nil
        json["lastQueue"] = nil
        let decoded = try JSONDecoder().decode(SavedCall.self, from: try JSONSerialization.data(withJSONObject: json))
        #expect(decoded.recordings == nil)
    }
}
