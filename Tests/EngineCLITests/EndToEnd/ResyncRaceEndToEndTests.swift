import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// Item 3 of the hardening issue, the resync race: the AMI link drops while a queue call rings and comes back after
/// 201 answered (the answer's events are lost); right after the `CoreShowChannels` list, on the same wire, a new
/// call starts. The list shows the first call's channels bridged with 201's, and none of the new call's.
@Suite("end to end: resync race", .serialized)
struct ResyncRaceEndToEndTests {
    static let answeredCall = "1795564212.0"
    static let newCall = "1795564345.44"

    /// The first call's channels Asterisk still shows after the gap: the caller's Local pair and 201's, the caller's
    /// `;2` and 201's `;1` in one bridge (what 201 answering left behind).
    static let channelsAfterTheGap: [AMIMessage] = [
        ("Local/79161234567@incoming-00000000;1", "1795564212.0", ""),
        ("Local/79161234567@incoming-00000000;2", "1795564212.1", "6c4bf36b-ce31-4cc6-8c85-8276c33a9bc1"),
        ("Local/201@agents-00000001;1", "1795564212.2", "6c4bf36b-ce31-4cc6-8c85-8276c33a9bc1"),
        ("Local/201@agents-00000001;2", "1795564212.3", "0d0b2c53-51b8-4d5e-9c55-b0b8f1a5b7a1"),
    ].map { channel, uniqueid, bridge in
        AMIMessage([
            AMIHeader("Channel", channel), AMIHeader("ChannelState", "6"), AMIHeader("ChannelStateDesc", "Up"),
            AMIHeader("CallerIDNum", "79161234567"), AMIHeader("ConnectedLineNum", "201"),
            AMIHeader("Context", "agents"), AMIHeader("Exten", ""), AMIHeader("Uniqueid", uniqueid),
            AMIHeader("Linkedid", answeredCall), AMIHeader("BridgeId", bridge), AMIHeader("Application", "Queue"),
        ])
    }

    @Test("resync race: the answer learned from the bridge, the call started after the list is not ended as lost")
    func resyncRaceReconnectInTheMiddleOfACall() async throws {
        try await EndToEndRig.with { rig in
            let answered = try AMICapture(contentsOf: RepositoryFiles.capture("answered")).events
            let abandon = try AMICapture(contentsOf: RepositoryFiles.capture("abandon")).events
            let answerAt = try #require(answered.firstIndex(where: RestartEndToEndTests.isAnswerBy201))
            let talkEndsAt = try #require(answered.firstIndex(where: RestartEndToEndTests.isHangupAfterTalk))
            let abandonHangupAt = try #require(abandon.firstIndex { $0.name == "Hangup" })
            let newCallStart = Array(abandon[..<abandonHangupAt])

            try await rig.startEngine()
            await rig.ami.replay(events: Array(answered[..<answerAt]), speed: .instant)
            #expect(await rig.awaitCalls("telephony.externalcall.show", count: 3), "\(rig.describeJournal())")

            // The gap: the answer happens while the link is down. After the login, the list is followed at once
            // by the new call's events, as Asterisk writes events that happened while an action ran.
            let channels = Self.channelsAfterTheGap
            rig.ami.script(
                "CoreShowChannels",
                .custom { action in
                    AMITestServer.coreShowChannels(channels, actionID: action["ActionID"]) + newCallStart
                }
            )
            let asked = rig.ami.receivedActions.count { $0.name?.lowercased() == "coreshowchannels" }
            rig.ami.dropConnections()
            let resynced = await eventually(timeout: .seconds(20)) {
                rig.ami.receivedActions.count { $0.name?.lowercased() == "coreshowchannels" } > asked
            }
            #expect(resynced, "no CoreShowChannels after the reconnect\n\(rig.log)")

            // 202's and 203's cards are hidden (their channels are gone); the new call's three phones get cards.
            let newCallCarded = await eventually(timeout: .seconds(20)) {
                rig.journal(of: Self.newCall).shownUsers.count == 3
                    && rig.journal(of: Self.answeredCall).hides.count >= 2
            }
            #expect(newCallCarded, "\(rig.describeJournal())")
            #expect(rig.journal(of: Self.answeredCall).finishes.isEmpty)

            // The first call's talk ends: finished once, by 201 (user 11), answered.
            await rig.ami.replay(events: Array(answered[talkEndsAt...]), speed: .instant)
            #expect(await rig.awaitFinish(of: Self.answeredCall), "\(rig.describeJournal())\n\(rig.log)")
            // Wire order: had the new call been ended as lost by the resync, its finish would be ahead of this one.
            #expect(rig.journal(of: Self.newCall).finishes.isEmpty, "\(rig.describeJournal())")

            // The new call goes on to its real end.
            await rig.ami.replay(events: Array(abandon[abandonHangupAt...]), speed: .instant)
            #expect(await rig.awaitFinish(of: Self.newCall), "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")

            let firstCall = rig.journal(of: Self.answeredCall)
            #expect(firstCall.registers.count == 1)
            #expect(firstCall.finishes.count == 1)
            #expect(firstCall.finishes.first?.params["USER_ID"]?.intValue == 11, "\(rig.describeJournal())")
            #expect(firstCall.finishes.first?.params["STATUS_CODE"]?.stringValue == "200")
            #expect(Set(firstCall.hides.flatMap(CallJournal.users(of:))) == [11, 12, 13], "\(rig.describeJournal())")
            let secondCall = rig.journal(of: Self.newCall)
            #expect(secondCall.registers.count == 1)
            #expect(secondCall.finishes.count == 1)
            #expect(Set(secondCall.hides.flatMap(CallJournal.users(of:))) == secondCall.shownUsers)
        }
    }

    @Test("resync race: a periodic reconcile closes a call whose hangup never came, without a link gap")
    func resyncRacePeriodicReconcileClosesACallWhoseHangupWasMissed() async throws {
        try await EndToEndRig.with { rig in
            // Reconcile every second; the test AMI server lists no channel.
            let config = rig.config.replacingOccurrences(
                of: #"secret: "${AMI_SECRET}"}"#,
                with: #"secret: "${AMI_SECRET}", reconcile_seconds: 1}"#
            )
            #expect(config != rig.config)
            try config.write(to: rig.folder.appendingPathComponent("engine.yaml"), atomically: true, encoding: .utf8)
            try await rig.startEngine()
            let abandon = try AMICapture(contentsOf: RepositoryFiles.capture("abandon")).events
            let hangupAt = try #require(abandon.firstIndex { $0.name == "Hangup" })
            // The call rings three phones; its hangups are never seen (as if the frames were lost).
            await rig.ami.replay(events: Array(abandon[..<hangupAt]), speed: .instant)
            #expect(await rig.awaitFinish(of: Self.newCall, timeout: .seconds(30)), "\(rig.describeJournal())")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            let call = rig.journal(of: Self.newCall)
            #expect(call.registers.count == 1)
            #expect(call.finishes.count == 1)
            #expect(Set(call.hides.flatMap(CallJournal.users(of:))) == call.shownUsers)
            #expect(rig.log.contains("reason=periodic"))
        }
    }
}
