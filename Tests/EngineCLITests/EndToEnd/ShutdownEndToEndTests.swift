import Foundation
import Simulators
import TestSupport
import Testing

/// SIGTERM ends `engine run` within its drain time, whatever state the portal is in.
@Suite("end to end: graceful shutdown", .serialized)
struct ShutdownEndToEndTests {
    @Test("SIGTERM after a call: the outbox drains and the engine exits 0")
    func drainsAndExits() async throws {
        try await EndToEndRig.with { rig in
            try await rig.startEngine()
            try await rig.replay("answered")
            #expect(await rig.awaitFinish(of: ExpectedCall.answered.linkedid), "\(rig.log)")
            #expect(await rig.stopEngine(timeout: .seconds(10)) == 0, "\(rig.log)")
            #expect(rig.log.contains("delivery stopped"), "\(rig.log)")
        }
    }

    @Test("SIGTERM while the portal answers 401 (paused) and commands wait: exits within --drain-seconds")
    func exitsWhilePortalPaused() async throws {
        try await EndToEndRig.with { rig in
            rig.portal.injectFault(.invalidCredentials, times: 100_000)
            try await rig.startEngine(extraArguments: ["--drain-seconds", "0.5"])
            try await rig.replay("answered")
            let refused = await eventually(timeout: .seconds(20)) {
                rig.portal.journal.contains { $0.status == 401 }  // the register, alone or in a batch
            }
            #expect(refused, "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine(timeout: .seconds(5)) == 0, "still running 5 s after SIGTERM\n\(rig.log)")
        }
    }
}
