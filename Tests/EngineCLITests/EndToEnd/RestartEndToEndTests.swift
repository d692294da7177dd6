import AMIProtocol
import Actions
import Adapters
import Foundation
import Simulators
import TestSupport
import Testing

/// `engine run` killed mid-call (SIGKILL: no drain, nothing saved at exit) and started again on the same folder,
/// while Asterisk reports no channels: the call left open is closed — every card shown hidden, finished once.
@Suite("end to end: restart after SIGKILL", .serialized)
struct RestartEndToEndTests {
    /// `answered`'s events up to (not including) the first one matching `stop`.
    static func answeredEvents(before stop: (AMIMessage) -> Bool) throws -> [AMIMessage] {
        let capture = try AMICapture(contentsOf: RepositoryFiles.capture("answered"))
        let events = capture.events
        let cut = events.firstIndex(where: stop)
        #expect(cut != nil, "cut point not in answered.ami")
        return Array(events[..<(cut ?? events.count)])
    }

    /// 201's phone answering (its agent channel goes Up).
    static func isAnswerBy201(_ event: AMIMessage) -> Bool {
        event.name == "Newstate" && event["ChannelStateDesc"] == "Up"
            && (event["Channel"] ?? "").hasPrefix("Local/201@agents")
    }

    /// The talk ending (201 hangs up).
    static func isHangupAfterTalk(_ event: AMIMessage) -> Bool {
        event.name == "Hangup" && event["Cause"] == "16"
    }

    @Test(
        "killed while phones ring: after the restart all three cards are hidden, the call finished once as missed (304)"
    )
    func killedWhileRinging() async throws {
        try await EndToEndRig.with { rig in
            let call = try await Self.killAndRestart(
                rig,
                replaying: try Self.answeredEvents(before: Self.isAnswerBy201)
            )
            #expect(call.finishes.first?.params["STATUS_CODE"]?.stringValue == "304", "\(rig.describeJournal())")
            #expect(
                call.finishes.first?.params["USER_ID"]?.intValue == EndToEndRig.defaultUser,
                "\(rig.describeJournal())"
            )
        }
    }

    @Test("killed mid-talk: after the restart every card is hidden and the call is finished once by 201 with 200")
    func killedWhileTalking() async throws {
        try await EndToEndRig.with { rig in
            let call = try await Self.killAndRestart(
                rig,
                replaying: try Self.answeredEvents(before: Self.isHangupAfterTalk)
            )
            #expect(call.finishes.first?.params["STATUS_CODE"]?.stringValue == "200", "\(rig.describeJournal())")
            #expect(call.finishes.first?.params["USER_ID"]?.intValue == 11, "\(rig.describeJournal())")
        }
    }

    /// Replays `events`, waits for the three cards, SIGKILLs the engine, starts it again with no channels up,
    /// waits for the finish and stops the engine (draining): returns the call's complete journal.
    static func killAndRestart(_ rig: EndToEndRig, replaying events: [AMIMessage]) async throws -> CallJournal {
        let linkedid = ExpectedCall.answered.linkedid
        rig.answerNoChannels()
        try await rig.startEngine()
        await rig.ami.replay(events: events, speed: .instant)
        let shown = await eventually(timeout: .seconds(20)) { rig.journal(of: linkedid).shownUsers == [11, 12, 13] }
        #expect(shown, "cards not shown before the kill\n\(rig.describeJournal())\n\(rig.log)")
        #expect(rig.journal(of: linkedid).finishes.isEmpty, "finished before the kill\n\(rig.describeJournal())")
        // The cards' request answered and recorded (they may travel in the register's batch): the kill tests the
        // restart of a call in progress. A kill before the answer is recorded sends the register again, which gets
        // the same CALL_ID back (DeliverCrashTests).
        let state = rig.folder.appendingPathComponent("var/switchboard.sqlite").path
        let settled = await eventually(timeout: .seconds(20)) { (try? await Outbox(path: state).pendingCount()) == 0 }
        #expect(settled, "the engine did not record the answers before the kill\n\(rig.log)")
        #expect(await rig.stopEngine(signal: SIGKILL) != nil, "the engine survived SIGKILL")

        let sessionsBefore = rig.ami.receivedActions.filter { $0.name?.lowercased() == "coreshowchannels" }.count
        try await rig.startEngine()
        let resynced = await eventually(timeout: .seconds(20)) {
            rig.ami.receivedActions.filter { $0.name?.lowercased() == "coreshowchannels" }.count > sessionsBefore
        }
        #expect(resynced, "the restarted engine did not ask for the channels\n\(rig.log)")
        let finished = await rig.awaitFinish(of: linkedid)
        #expect(finished, "not finished after the restart\n\(rig.describeJournal())\n\(rig.log)")
        #expect(await rig.stopEngine() == 0, "\(rig.log)")

        let call = rig.journal(of: linkedid)
        let context = rig.describeJournal()
        #expect(call.registers.count == 1, "registered again after the restart\n\(context)")
        #expect(rig.portal.journal.filter { $0.method == "telephony.externalcall.register" }.count == 1, "\(context)")
        #expect(call.finishes.count == 1, "finishes: \(call.finishes.count)\n\(context)")
        for user in EndToEndRig.allUsers {
            #expect(rig.portal.visibleCards(for: user).isEmpty, "card left visible for user \(user)\n\(context)")
        }
        return call
    }
}
