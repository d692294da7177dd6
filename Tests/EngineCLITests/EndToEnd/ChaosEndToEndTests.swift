import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// The chaos run of the hardening issue: during a replay of every inbound capture, the AMI link is cut on a timer in
/// event time — after a seeded pseudo-random 100–250 events, wherever that falls, mostly in the middle of a call (the
/// replay goes on after the reconnect, and the resync's `CoreShowChannels` lists the channels up at the cut, as
/// Asterisk would) —, the portal answers 503 and hangs in turns (each turn waits until its faults were met and a
/// request then went through), and SIGHUP arrives every 0.3 s. Afterwards the fake portal's journal shows every call
/// registered once, carded to each ringing phone, finished once by the right user with the right status, no card
/// left shown, and no duplicate lead.
@Suite("end to end: chaos", .serialized)
struct ChaosEndToEndTests {
    /// Every inbound capture. Their portal requests overlap under the faults, so a missed call of the unknown caller
    /// may find the lead already given to the user who answered an earlier call (11), and is finished for them.
    static let calls: [ExpectedCall] = [
        ExpectedCall.answered, .noanswerOverflow, .abandon, .anonymous, .ringGroup, .directFollowMe,
    ].map { call in
        var call = call
        if call.status == "304", call.phone == ExpectedCall.unknownCaller { call.mayBeFinishedBy = [11] }
        return call
    }

    /// The seed of the cut timer: the same cuts every run.
    static let seed: UInt64 = 19

    /// Where the link is cut in a stream of `total` events: after every 100–250 events (drawn from `seed`), wherever
    /// that falls — independent of the calls' boundaries.
    static func cutOffsets(total: Int, seed: UInt64) -> [Int] {
        var random = SplitMix64(seed: seed)
        var offsets: [Int] = []
        var next = 0
        while true {
            next += 100 + Int(random.next() % 151)
            guard next < total else { return offsets }
            offsets.append(next)
        }
    }

    @Test("chaos: AMI cut on an event-time timer inside calls, portal 503s and hangs, SIGHUP every 0.3 s — each once")
    func chaosRun() async throws {
        try await EndToEndRig.with { rig in
            rig.portal.updateConfiguration { $0.hangSeconds = 0.5 }
            try await rig.startEngine()
            var cutCount = 0
            var cutsInsideCalls = 0
            let replayed = try await withThrowingTaskGroup(of: Void.self) { chaos -> Bool in
                // SIGHUP every 0.3 s: the rules reload under load.
                chaos.addTask {
                    while !Task.isCancelled {
                        rig.send(SIGHUP)
                        try await Task.sleep(for: .milliseconds(300))
                    }
                }
                // The portal: 503 `QUERY_LIMIT_EXCEEDED`, then hangs, in turns.
                chaos.addTask { await Self.portalTurns(rig) }
                // The whole stream, cut on the timer: each segment goes out, then the link drops; once the engine has
                // reconnected and asked for the channels (answered with those up at the cut), the next segment.
                let stream = try Self.calls.flatMap {
                    try AMICapture(contentsOf: RepositoryFiles.capture($0.capture)).events
                }
                let cuts = Self.cutOffsets(total: stream.count, seed: Self.seed)
                var live = AMIChannelSnapshots()
                var start = 0
                for cut in cuts + [stream.count] {
                    let segment = Array(stream[start..<cut])
                    live.apply(segment)
                    rig.ami.setChannels(live.channels)
                    await rig.ami.replay(events: segment, speed: .instant)
                    start = cut
                    guard cut < stream.count else { break }
                    if live.count > 0 { cutsInsideCalls += 1 }
                    let lists = Self.listsAsked(rig)
                    await rig.ami.dropConnectionsAfterWrites()
                    let back = await eventually(timeout: .seconds(60)) { Self.listsAsked(rig) > lists }
                    #expect(back, "no resync after the cut at event \(cut)\n\(rig.log.suffix(3000))")
                }
                cutCount = cuts.count
                var finished = true
                for call in Self.calls {
                    let done = await rig.awaitFinish(of: call.linkedid, timeout: .seconds(120))
                    #expect(done, "\(call.capture) not finished\n\(rig.describeJournal())")
                    finished = finished && done
                }
                // The chaos happened: the rules were reloaded many times and every cut was followed by a resync.
                let metrics = try await rig.metrics()
                let generation = AdminEndpoint.sample(metrics, "switchboard_rules_generation")
                #expect(generation >= 10, "rules generation \(generation) after the SIGHUPs")
                let resyncs = AdminEndpoint.sample(
                    metrics,
                    "switchboard_ami_resyncs_total",
                    labels: ["reason": "reconnect"]
                )
                #expect(resyncs >= Double(cutCount), "\(resyncs) resyncs after \(cutCount) cuts")
                chaos.cancelAll()
                return finished
            }
            rig.portal.clearFaults()
            #expect(await rig.stopEngine(timeout: .seconds(60)) == 0, "\(rig.log)")
            #expect(replayed)
            // The cuts fell where the timer put them, most in the middle of a call (some channel up).
            #expect(cutCount >= 5, "\(cutCount) cuts")
            #expect(cutsInsideCalls >= cutCount - 1, "\(cutsInsideCalls) of \(cutCount) cuts inside a call")

            rig.expectEachCallHandledOnce(Self.calls)
            let leadPhones = rig.portal.crmEntities(type: "LEAD").flatMap(\.phones)
            #expect(leadPhones.count == Set(leadPhones).count, "no duplicate lead: \(leadPhones)")
            #expect(rig.log.contains("AMI reconnected; resynchronising"))
            let journal = rig.portal.journal
            #expect(journal.count { $0.fault == .queryLimitExceeded } >= 2, "the portal answered 503")
            #expect(journal.count { $0.fault == .hang } >= 2, "the portal hung")
        }
    }

    /// The portal's turns: two requests answered 503 `QUERY_LIMIT_EXCEEDED`, one answered, two held unanswered until
    /// the connection is dropped, one answered, and so on until cancelled. A turn ends when its two faults were met
    /// and a request then went through: faults are not queued faster than the engine, backing off, sends requests
    /// (so they cannot pile up and keep the portal down for good), and the engine meets both kinds throughout.
    static func portalTurns(_ rig: EndToEndRig) async {
        var turn = 0
        while !Task.isCancelled {
            let start = rig.portal.journal.count
            rig.portal.injectFault(turn.isMultiple(of: 2) ? .queryLimitExceeded : .hang, times: 2)
            _ = await eventually(timeout: .seconds(300)) {
                if Task.isCancelled { return true }
                let recent = rig.portal.journal.dropFirst(start)
                let faulted = recent.indices.filter { recent[$0].fault != nil }
                guard faulted.count >= 2, let second = faulted.dropFirst().first else { return false }
                return recent[second...].contains { $0.fault == nil && $0.status == 200 }
            }
            turn += 1
        }
    }

    /// How many `CoreShowChannels` the engine has sent (one per session, answered at once by the server).
    static func listsAsked(_ rig: EndToEndRig) -> Int {
        rig.ami.receivedActions.count { $0.name?.lowercased() == "coreshowchannels" }
    }
}
