import Simulators
import Testing

/// Every real capture of captures/, replayed over TCP to a real `engine run` between the test AMI server and the fake
/// portal: the portal's journal holds exactly what the call means (see ``CaptureScenario``).
@Suite("end to end: real captures", .serialized)
struct CaptureEndToEndTests {
    @Test("a call reaches Bitrix24 as it happened", arguments: CaptureScenario.all)
    func call(_ scenario: CaptureScenario) async throws {
        try await EndToEndRig.with { rig in
            let contact = scenario.knownCaller ? CaptureScenario.addContact(to: rig.portal) : nil
            let call = try await rig.runToCompletion(scenario.expected)
            CallAssertions.check(call, against: scenario.expected, rig: rig)
            scenario.checkExtra(call, contact: contact, rig: rig)
        }
    }

    @Test("a call nobody talked on reaches Bitrix24 not at all", arguments: SilentCapture.all)
    func silent(_ scenario: SilentCapture) async throws {
        try await EndToEndRig.with { rig in
            try await rig.runWithSentinel(scenario.capture)
            CallAssertions.checkNothing(for: scenario.linkedid, rig: rig)
        }
    }
}
