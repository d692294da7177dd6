import Simulators
import Testing

/// Calls an operator starts: from his own phone, or click-to-call replayed without the click; and internal calls.
@Suite("end to end: outbound and internal", .serialized)
struct OutboundEndToEndTests {
    @Test("outbound-ext: TYPE 1 by 201, card to 201, finished by 201 with 200, no lead")
    func outboundFromExtension() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.outboundExtension)
            CallAssertions.check(call, against: .outboundExtension, rig: rig)
            #expect(call.registers.first?.params["CRM_CREATE"]?.isTruthy == false, "\(rig.describeJournal())")
        }
    }

    @Test("clicktocall without a click event: an outbound call by 201 to 79161234567, 200")
    func clickToCall() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.clickToCall)
            CallAssertions.check(call, against: .clickToCall, rig: rig)
        }
    }

    @Test("clicktocall-agent-noanswer without a click event: nobody talked, nothing reaches Bitrix24")
    func clickToCallAgentNoAnswer() async throws {
        try await EndToEndRig.with { rig in
            try await rig.runWithSentinel("clicktocall-agent-noanswer")
            CallAssertions.checkNothing(for: "1795564376.56", rig: rig)
        }
    }

    @Test("internal: 201 calls 203; nothing registered, no card, no lead")
    func internalCall() async throws {
        try await EndToEndRig.with { rig in
            try await rig.runWithSentinel("internal")
            CallAssertions.checkNothing(for: "1795566008.302", rig: rig)
        }
    }
}
