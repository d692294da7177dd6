import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// Click-to-call recorded live (captures/live/live-click-*.ami, lab/README.md): Petr (user 12, extension 202) clicked a
/// number, Bitrix24's ONEXTERNALCALLSTART reached the real `engine run`, whose Originate a real Asterisk 22 ran. Here
/// the fake portal clicks again, and the test AMI server answers the engine's Originate with the live stream rewritten
/// to it: the Originate must be the one the live engine sent, and the portal must end up as the live one did.
@Suite("end to end: click-to-call recorded live on Asterisk 22", .serialized)
struct LiveClickToCallEndToEndTests {
    /// The live engine's Originate (`<name>.sent.ami`).
    static func liveOriginate(_ name: String) throws -> AMIMessage {
        let sent = try AMICapture(contentsOf: RepositoryFiles.url("captures/live/\(name).sent.ami"))
        return try #require(sent.messages.first { $0.name?.lowercased() == "originate" }, "\(name): no Originate")
    }

    /// Petr clicks `phone`; the AMI server answers with `name`. Returns the CALL_ID and the Originate received. With
    /// `recording`, recordings are on and a wav is where MixMonitor wrote the call's (`<ChannelId>.wav`, as live).
    static func click(
        _ name: String,
        phone: String,
        recording: Bool = false,
        in rig: EndToEndRig
    ) async throws -> (String, AMIMessage) {
        if recording { try rig.enableRecordings() }
        let extra = """

            http: {listen: "127.0.0.1:0"}
            click_to_call: {channel: "Local/{ext}@agents", context: outgoing, ring_seconds: 30}
            """
        try (rig.config + extra).write(
            to: rig.folder.appendingPathComponent("engine.yaml"),
            atomically: true,
            encoding: .utf8
        )
        rig.ami.scriptOriginate(with: try AMICapture(contentsOf: RepositoryFiles.url("captures/live/\(name).ami")))
        try await rig.startEngine()
        let (callID, deliveries) = try await rig.portal.clickToCall(
            userID: 12,
            phoneNumber: phone,
            handlerURL: try await rig.eventsURL(),
            options: EndToEndRig.events
        )
        #expect(deliveries.map(\.status) == [200])
        let originate = try await rig.ami.waitForAction(named: "Originate", timeout: .seconds(20))
        if recording { try rig.writeRecording("\(originate["ChannelId"] ?? "-").wav") }
        let finished = await rig.awaitFinish(ofCallID: callID)
        #expect(finished, "\(name): not finished\n\(rig.describeJournal())\n\(rig.log)")
        if recording {
            let attached = await rig.awaitCalls("telephony.externalcall.attachrecord")
            #expect(attached, "\(name): no record attached\n\(rig.describeJournal())\n\(rig.log)")
        }
        #expect(await rig.stopEngine() == 0, "\(rig.log)")
        // The fields the live engine sent, but the ids it makes per call.
        let live = try liveOriginate(name)
        for field in ["Channel", "Context", "Exten", "Priority", "Timeout", "CallerID", "Async"] {
            #expect(originate[field] == live[field], "\(name): \(field)")
        }
        #expect(originate.values(named: "Variable") == ["__B24_CALL_ID=\(callID)"])
        #expect(rig.calls("telephony.externalcall.register").isEmpty, "never registered again")
        #expect(rig.commands("telephony.externalcall.show", of: callID).map(CallJournal.users(of:)) == [[12]])
        return (callID, originate)
    }

    @Test("Petr clicks, answers, the client answers: Petr's card, finished by Petr with 200, as live; record attached")
    func answered() async throws {
        try await EndToEndRig.with { rig in
            let (callID, _) = try await Self.click("live-click-to-call", phone: "79169998877", recording: true, in: rig)
            let finishes = rig.commands("telephony.externalcall.finish", of: callID)
            #expect(finishes.count == 1, "\(rig.describeJournal())")
            #expect(finishes.first?.params["USER_ID"]?.intValue == 12)
            #expect(finishes.first?.params["STATUS_CODE"]?.stringValue == "200")
            #expect(finishes.first?.params["DURATION"]?.intValue == 2, "the live call talked 2 s")
            // Live, the engine left this call's recording out (click_to_call was no recorded direction); now it is
            // attached to the CALL_ID Bitrix24 registered at the click, after the finish.
            let attaches = rig.commands("telephony.externalcall.attachrecord", of: callID)
            #expect(attaches.count == 1, "\(rig.describeJournal())")
            let finish = try #require(finishes.first)
            #expect(attaches.allSatisfy { $0.sequence > finish.sequence }, "attached only after the finish")
            #expect(rig.portal.finishedCall(callID)?.record != nil)
        }
    }

    @Test("Petr does not answer: the Originate fails after 30 s; finished for Petr with 480, as live")
    func operatorDoesNotAnswer() async throws {
        try await EndToEndRig.with { rig in
            let (callID, _) = try await Self.click("live-click-noanswer", phone: "79169998878", in: rig)
            let finishes = rig.commands("telephony.externalcall.finish", of: callID)
            #expect(finishes.count == 1, "\(rig.describeJournal())")
            #expect(finishes.first?.params["USER_ID"]?.intValue == 12)
            #expect(finishes.first?.params["STATUS_CODE"]?.stringValue == "480")
            #expect(rig.portal.liveCalls[callID] == nil)
        }
    }
}
