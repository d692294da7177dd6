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
        let deadLetters = try rig.outbox.deadLetters()
        let registers = rig.portal.registers
        let counts = rig.portal.commandCounts
        await rig.stop()

        let members = rig.users.keys.sorted()
        for (number, round) in [first, second].enumerated() {
            let expected = (0..<calls).map { SyntheticQueueCall(round: number, index: $0, members: members) }
            #expect(round.showsPerCall.count == calls)
            for call in expected {
                #expect(round.showsPerCall[call.linkedid] == 1, "call \(call.linkedid)")
                #expect(
                    round.shownUsers[call.linkedid] == [rig.users[call.memberExtension] ?? -1],
                    "call \(call.linkedid)"
                )
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
