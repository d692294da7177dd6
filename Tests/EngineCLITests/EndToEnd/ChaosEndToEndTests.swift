import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// The chaos run of the hardening issue: during a replay of every inbound capture, the AMI link is cut after each
/// call's events went out (the next call starts on a new session, after a resync), the portal answers 503 and hangs
/// in turns, and SIGHUP arrives every 0.3 s. Afterwards the fake portal's journal shows every call registered once,
/// finished once, no card left shown, and no duplicate lead.
@Suite("end to end: chaos", .serialized)
struct ChaosEndToEndTests {
    static let calls: [ExpectedCall] = [
        .answered, .noanswerOverflow, .abandon, .anonymous, .ringGroup, .directFollowMe,
    ]

    @Test("chaos: AMI cuts, portal 503s and hangs, SIGHUP every 0.3 s — each call registered and finished once")
    func chaosRun() async throws {
        try await EndToEndRig.with { rig in
            rig.portal.updateConfiguration { $0.hangSeconds = 0.5 }
            try await rig.startEngine()
            let replayed = try await withThrowingTaskGroup(of: Void.self) { chaos -> Bool in
                // SIGHUP every 0.3 s: the rules reload under load.
                chaos.addTask {
                    while !Task.isCancelled {
                        rig.send(SIGHUP)
                        try await Task.sleep(for: .milliseconds(300))
                    }
                }
                // The portal: 503 `QUERY_LIMIT_EXCEEDED`, then hangs, in turns.
                chaos.addTask {
                    var turn = 0
                    while !Task.isCancelled {
                        rig.portal.injectFault(turn.isMultiple(of: 2) ? .queryLimitExceeded : .hang, times: 2)
                        turn += 1
                        try await Task.sleep(for: .milliseconds(700))
                    }
                }
                for call in Self.calls {
                    // A cut after each call's events: the engine reconnects, resynchronises (nothing is up any more,
                    // as the server answers) and the next call arrives on the new session.
                    let lists = Self.listsAsked(rig)
                    try await rig.replay(call.capture)
                    rig.ami.dropConnections()
                    let back = await eventually(timeout: .seconds(30)) { Self.listsAsked(rig) > lists }
                    #expect(back, "no resync after \(call.capture)\n\(rig.log)")
                }
                var finished = true
                for call in Self.calls {
                    let done = await rig.awaitFinish(of: call.linkedid, timeout: .seconds(90))
                    #expect(done, "\(call.capture) not finished\n\(rig.describeJournal())")
                    finished = finished && done
                }
                chaos.cancelAll()
                return finished
            }
            rig.portal.clearFaults()
            #expect(await rig.stopEngine(timeout: .seconds(60)) == 0, "\(rig.log)")
            #expect(replayed)

            for call in Self.calls {
                let journal = rig.journal(of: call.linkedid)
                #expect(journal.registers.count == 1, "\(call.capture): registered once\n\(rig.describeJournal())")
                #expect(journal.finishes.count == 1, "\(call.capture): finished once\n\(rig.describeJournal())")
            }
            for user in EndToEndRig.allUsers {
                #expect(rig.portal.visibleCards(for: user).isEmpty, "user \(user) still sees a card")
            }
            #expect(rig.portal.liveCalls.isEmpty, "every registered call is finished")
            let leadPhones = rig.portal.crmEntities(type: "LEAD").flatMap(\.phones)
            #expect(leadPhones.count == Set(leadPhones).count, "no duplicate lead: \(leadPhones)")
            #expect(rig.log.contains("AMI reconnected; resynchronising"))
            #expect(rig.portal.journal.contains { $0.status == 503 } && rig.portal.journal.contains { $0.status == 0 })
        }
    }

    /// How many `CoreShowChannels` the engine has sent (one per session, answered at once by the server).
    static func listsAsked(_ rig: EndToEndRig) -> Int {
        rig.ami.receivedActions.count { $0.name?.lowercased() == "coreshowchannels" }
    }
}
