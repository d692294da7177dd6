import Simulators
import Testing

/// Transfers done over AMI: the target's card pops, the call is finished once, by whoever talked last.
@Suite("end to end: transfers", .serialized)
struct TransferEndToEndTests {
    @Test("blindtransfer-ami: 203's card pops again for the transfer; finished once by 203")
    func blindTransfer() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.blindTransfer)
            CallAssertions.check(call, against: .blindTransfer, rig: rig)
            #expect(call.showCount(for: 13) >= 2, "no card for the transfer target\n\(rig.describeJournal())")
        }
    }

    @Test("atxfer-ami: 203's card pops for the consultation; finished once by 203")
    func attendedTransfer() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.attendedTransfer)
            CallAssertions.check(call, against: .attendedTransfer, rig: rig)
            #expect(call.showCount(for: 13) >= 2, "no card for the transfer target\n\(rig.describeJournal())")
        }
    }
}
