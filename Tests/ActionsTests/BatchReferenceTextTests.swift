import Actions
import Adapters
import Foundation
import PortalTestSupport
import Simulators
import TestSupport
import Testing

/// Item 9 of the hardening issue (the smaller ones): data holding `$result[` — which `batch` would substitute — goes
/// to the portal in a request of its own, verbatim; the other calls still share a batch.
@Suite("Delivery: `$result[` in data")
struct BatchReferenceTextTests {
    @Test func smallerOnesResultReferenceTextInDataIsSentAlone() async throws {
        try await PortalFixture.withOperators { fixture in
            let scheduler = try fixture.scheduler()
            var commands = (0..<3).map {
                SyntheticCalls.commands(index: $0, operators: fixture.operators, script: .ring)
            }
            let hostile = "$result[c1][CALL_ID]"
            commands[1][0].params["LINE_NUMBER"] = .string(hostile)
            try await scheduler.enqueue(commands.flatMap { $0 })
            try await scheduler.withRunning { #expect(await drained(scheduler)) }

            let registers = fixture.portal.journal.filter { $0.method == "telephony.externalcall.register" }
            #expect(registers.count == 3)
            let alone = registers.filter { !$0.inBatch }
            #expect(alone.count == 1)
            #expect(alone.first?.params["LINE_NUMBER"]?.stringValue == hostile)
            #expect(registers.filter(\.inBatch).allSatisfy { $0.params["LINE_NUMBER"]?.stringValue == "74951112233" })
            #expect(try await Outbox(path: fixture.outboxPath).pendingCount() == 0)
        }
    }

    @Test func smallerOnesResultReferenceTextIsFoundAtAnyDepth() {
        #expect(Bitrix24BatchCommand.holdsReferenceText(.string("Ivan $result[x]")))
        #expect(Bitrix24BatchCommand.holdsReferenceText(.array([.int(1), .object(["TITLE": "$result[a][b]"])])))
        #expect(!Bitrix24BatchCommand.holdsReferenceText(.object(["TITLE": "result[a]", "N": .int(3)])))
    }
}
