import Actions
import Bench
import Foundation
import Logging
import TestSupport
import Testing

/// The setup `engine bench cards` measures is the real card path and does the right thing: every call is
/// registered once and each ringing member's card reaches the portal exactly once, for the right user. Not timed.
@Suite("engine bench cards: the rig")
struct CardLatencyRigTests {
    @Test("every call of a burst gets exactly one show, to its member's user")
    func oneShowPerCall() async throws {
        let rules = RepositoryFiles.rulesFolder
        let rig = try await CardLatencyRig.start(rulesPath: rules, members: 3, logLevel: .info)
        let calls = 20
        let first: CardLatencyRig.Round
        let second: CardLatencyRig.Round
        do {
            first = try await rig.round(0, calls: calls)
            second = try await rig.round(1, calls: calls)
        } catch {
            await rig.stop()
            throw error
        }
        let deadLetters = try await rig.outbox.deadLetters()
        let registers = rig.portal.registers
        let counts = rig.portal.commandCounts
        await rig.stop()

        let members = rig.users.keys.sorted()
        for (number, round) in [first, second].enumerated() {
            let expected = (0..<calls).map { SyntheticInboundCall(round: number, index: $0, members: members) }
            #expect(round.showsPerCard.count == calls)
            for call in expected {
                let member = call.memberExtensions[0]
                #expect(round.showsPerCard["\(call.linkedid)/\(member)"] == 1, "call \(call.linkedid)")
                #expect(round.shownUsers[call.linkedid] == [rig.users[member] ?? -1], "call \(call.linkedid)")
                #expect(registers["\(CardLatencyRig.pbxID):\(call.linkedid)"] == 1, "call \(call.linkedid)")
            }
            #expect(round.latencies.allSatisfy { ($0 ?? .zero) > .zero })
            #expect(round.showRequests >= 1)
        }
        #expect(counts["telephony.externalcall.show"] == 2 * calls)
        #expect(counts["telephony.externalcall.register"] == 2 * calls)
        #expect(counts["telephony.externalcall.searchcrmentities"] == 2 * calls)
        #expect(deadLetters.isEmpty)
    }
}

/// The ring-group and ring-all shapes of the rig, with a portal that takes its time: every phone's card exactly once.
@Suite("engine bench cards: ring groups and queues ringing several phones")
struct CardLatencyShapesTests {
    @Test("ring groups of 3 and queues of 3 behind a 5 ms portal: each phone's card once, to its user")
    func severalPhones() async throws {
        let rules = RepositoryFiles.root.appendingPathComponent("rules").path
        let rig = try await CardLatencyRig.start(rulesPath: rules, members: 6, portalRTT: .milliseconds(5))
        let rounds: [CardLatencyRig.Round]
        do {
            rounds = [
                try await rig.round(0, calls: 4, shape: .ringGroup(phones: 3, after: .milliseconds(2))),
                try await rig.round(1, calls: 4, shape: .queue(phones: 3)),
            ]
        } catch {
            await rig.stop()
            throw error
        }
        let deadLetters = try await rig.outbox.deadLetters()
        await rig.stop()
        let members = rig.users.keys.sorted()
        for (number, round) in rounds.enumerated() {
            #expect(round.latencies.count == 12)
            #expect(round.latencies.allSatisfy { $0 != nil })
            #expect(round.showsPerCard.count == 12)
            #expect(round.showsPerCard.values.allSatisfy { $0 == 1 })
            for index in 0..<4 {
                let call = SyntheticInboundCall(round: number, index: index, members: members, phones: 3)
                #expect(Set(call.memberExtensions).count == 3)
                #expect(round.shownUsers[call.linkedid] == Set(call.memberExtensions.compactMap { rig.users[$0] }))
            }
        }
        #expect(deadLetters.isEmpty)
    }
}
