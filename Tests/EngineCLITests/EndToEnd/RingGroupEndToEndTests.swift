import Simulators
import Testing

/// Inbound calls without app_queue: a Dial() ring group and a direct DID with follow-me.
@Suite("end to end: ring group and direct dial", .serialized)
struct RingGroupEndToEndTests {
    @Test("ringgroup: cards to all three, finished by 201 with 200")
    func ringGroup() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.ringGroup)
            CallAssertions.check(call, against: .ringGroup, rig: rig)
            #expect(
                call.registers.first?.params["LINE_NUMBER"]?.stringValue == "74951112233",
                "\(rig.describeJournal())"
            )
        }
    }

    @Test("direct-followme: 202's card, then 203's; finished by 203 with 200")
    func directFollowMe() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.directFollowMe)
            CallAssertions.check(call, against: .directFollowMe, rig: rig)
            #expect(
                call.registers.first?.params["LINE_NUMBER"]?.stringValue == "74951112244",
                "\(rig.describeJournal())"
            )
        }
    }
}
