import Foundation
import Simulators
import Testing

@Suite("engine run end to end", .serialized)
struct AnsweredEndToEndTests {
    @Test("answered: one register, a card to each ringing member, none left shown, one finish by 201 with 200")
    func answered() async throws {
        let rig = try await EndToEndRig()
        defer { Task { await rig.shutdown() } }
        try await rig.startEngine()
        try await rig.replay("answered")
        let finished = await rig.awaitCalls("telephony.externalcall.finish")
        #expect(finished, "no finish: \(rig.log)")
        let registers = rig.calls("telephony.externalcall.register")
        #expect(registers.count == 1)
        let finish = try #require(rig.calls("telephony.externalcall.finish").first)
        print(finish.params)
        for entry in rig.portal.journal { print(entry.method, entry.params, entry.status) }
        #expect(await rig.stopEngine() == 0)
    }
}
