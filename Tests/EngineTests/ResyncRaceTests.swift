import AMIProtocol
import Adapters
import Engine
import Foundation
import Simulators
import TestSupport
import Testing

/// Item 3 of the hardening issue, the resync race, in the call model: a call first seen after the
/// `CoreShowChannels` request is spared by its answer, a ring found bridged with the caller was answered, and a
/// reconcile without a request ends what Asterisk no longer shows.
@Suite("Resync race (call model)")
struct ResyncRaceTests {
    static let answeredCall = "1795564212.0"
    static let newCall = "1795564345.44"

    static func channel(_ name: String, _ uniqueid: String, bridge: String, state: String = "6") -> AMIMessage {
        AMIMessage([
            AMIHeader("Event", "CoreShowChannel"), AMIHeader("Channel", name), AMIHeader("ChannelState", state),
            AMIHeader("CallerIDNum", "79161234567"), AMIHeader("Context", "agents"), AMIHeader("Exten", ""),
            AMIHeader("Uniqueid", uniqueid), AMIHeader("Linkedid", answeredCall), AMIHeader("BridgeId", bridge),
        ])
    }

    /// The answered call's channels after 201 answered: the caller's `;2` and 201's `;1` share a bridge.
    static let bridgedWith201 = [
        channel("Local/79161234567@incoming-00000000;1", "1795564212.0", bridge: ""),
        channel("Local/79161234567@incoming-00000000;2", "1795564212.1", bridge: "b-1"),
        channel("Local/201@agents-00000001;1", "1795564212.2", bridge: "b-1"),
        channel("Local/201@agents-00000001;2", "1795564212.3", bridge: "b-2"),
    ]

    func events(_ capture: String, before stop: (AMIMessage) -> Bool) throws -> [AMIMessage] {
        let events = try AMICapture(contentsOf: RepositoryFiles.capture(capture)).events
        return Array(events[..<(events.firstIndex(where: stop) ?? events.count)])
    }

    func feed(_ model: inout CallModel, _ messages: [AMIMessage]) -> [EngineEvent] {
        messages.flatMap { model.handle($0, arrival: Date()) }
    }

    @Test func resyncRaceCallFirstSeenAfterTheRequestIsSparedAndTheAnswerIsLearnedFromTheBridge() throws {
        var model = CallModel()
        let ringing = try events("answered") {
            $0.name == "Newstate" && $0["ChannelStateDesc"] == "Up" && ($0["Channel"] ?? "").hasPrefix("Local/201")
        }
        _ = feed(&model, ringing)
        #expect(model.calls[Self.answeredCall]?.rung.filter(\.isRinging).count == 3)

        model.beginResynchronization()
        // A new call starts while the list is on its way (its events overtook the list's application).
        _ = feed(&model, try events("abandon") { $0.name == "Hangup" })
        #expect(model.calls[Self.newCall]?.rung.filter(\.isRinging).count == 3)

        let resynced = model.resynchronize(channels: Self.bridgedWith201, at: Date())
        #expect(resynced.allSatisfy { $0.callID == Self.answeredCall })
        #expect(
            Story.lines(resynced) == ["stopped 201 answered", "answered 201", "stopped 202 lost", "stopped 203 lost"]
        )
        #expect(model.calls[Self.answeredCall]?.answeredBy == "201")
        #expect(model.calls[Self.newCall]?.rung.filter(\.isRinging).count == 3)
    }

    @Test func resyncRacePeriodicReconcileEndsACallWhoseHangupWasMissed() throws {
        var model = CallModel()
        _ = feed(&model, try events("abandon") { $0.name == "Hangup" })
        model.beginResynchronization()
        let reconciled = model.resynchronize(channels: [], at: Date())
        #expect(
            Story.lines(reconciled) == [
                "stopped 201 lost", "stopped 202 lost", "stopped 203 lost", "ended lost missed",
                "recorded 1/1 1795564345.45.wav",
            ]
        )
        #expect(model.calls.isEmpty)
    }

    @Test func resyncRaceRingStillRingingIsNotTakenForAnAnswer() throws {
        var model = CallModel()
        let ringing = try events("answered") {
            $0.name == "Newstate" && $0["ChannelStateDesc"] == "Up" && ($0["Channel"] ?? "").hasPrefix("Local/201")
        }
        _ = feed(&model, ringing)
        model.beginResynchronization()
        // 201's channel exists but is still ringing (state 5) and in no bridge: nothing is learned.
        let channels = [
            Self.channel("Local/79161234567@incoming-00000000;1", "1795564212.0", bridge: ""),
            Self.channel("Local/79161234567@incoming-00000000;2", "1795564212.1", bridge: ""),
            Self.channel("Local/201@agents-00000001;1", "1795564212.2", bridge: "", state: "5"),
        ]
        let resynced = model.resynchronize(channels: channels, at: Date())
        #expect(Story.lines(resynced) == ["stopped 202 lost", "stopped 203 lost"])
        #expect(model.calls[Self.answeredCall]?.isAnswered == false)
    }
}
