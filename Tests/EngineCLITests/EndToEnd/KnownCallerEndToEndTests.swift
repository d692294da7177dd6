import Simulators
import Testing

/// A caller the CRM knows: no lead; the call is bound to the contact, and a missed call goes to its manager.
@Suite("end to end: known caller", .serialized)
struct KnownCallerEndToEndTests {
    /// The contact of the captures' caller, formatted as people type it; Petr (12) is responsible.
    static func addContact(to portal: FakeBitrix24) -> Int {
        portal.addCrmEntity(
            FakeBitrix24CrmEntity(
                type: "CONTACT",
                name: "Client",
                phones: ["+7 (916) 123-45-67"],
                assignedByID: 12
            )
        )
    }

    @Test("answered by a known caller: no lead, bound to the contact, finished by 201 with 200")
    func answeredKnownCaller() async throws {
        try await EndToEndRig.with { rig in
            let contact = Self.addContact(to: rig.portal)
            let call = try await rig.runToCompletion(.answered)
            var expected = ExpectedCall.answered
            expected.lead = .none
            CallAssertions.check(call, against: expected, rig: rig)
            let result = call.registers.first?.result
            #expect(
                result?["CRM_ENTITY_TYPE"]?.stringValue == "CONTACT" && result?["CRM_ENTITY_ID"]?.intValue == contact,
                "\(rig.describeJournal())"
            )
        }
    }

    @Test("abandoned by a known caller: no lead, a missed call (304) for the contact's manager (12)")
    func abandonedKnownCaller() async throws {
        try await EndToEndRig.with { rig in
            _ = Self.addContact(to: rig.portal)
            let call = try await rig.runToCompletion(.abandon)
            var expected = ExpectedCall.abandon
            expected.lead = .none
            expected.finishedBy = 12
            CallAssertions.check(call, against: expected, rig: rig)
        }
    }
}
