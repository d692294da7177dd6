import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// The other half of "assign responsible": the lead made for an unknown caller goes to the operator who answered, and a
/// portal that refuses to create leads gets search → lead → register for later callers.
@Suite("end to end: leads of unknown callers", .serialized)
struct LeadResponsibleEndToEndTests {
    static let petrAnswers = "1796402244.20"
    /// Replayed at twice the recorded speed, not at once: the register's answer must land while the call is still
    /// in progress, as it does on a real line (rules read the call; an ended call is gone).
    static let speed = AMIReplaySpeed.scaled(2)

    /// The lead update the engine sent for `lead`, if any.
    static func update(of lead: Int, in rig: EndToEndRig) -> FakeBitrix24JournalEntry? {
        rig.portal.journal.first {
            $0.method == "crm.lead.update" && $0.status == 200 && $0.params["id"]?.intValue == lead
        }
    }

    @Test("the lead Bitrix24 made for the unknown caller is given to Petr, who answered")
    func leadToPetr() async throws {
        try await EndToEndRig.with { rig in
            try await rig.startEngine()
            try await rig.replay("petr-answers", speed: Self.speed)
            #expect(await rig.awaitFinish(of: Self.petrAnswers), "\(rig.describeJournal())")
            #expect(await rig.stopEngine() == 0)
            let context = rig.describeJournal()
            let call = rig.journal(of: Self.petrAnswers)
            let lead = try #require(call.registers.first?.result?["CRM_CREATED_LEAD"]?.intValue, "\(context)")
            let update = try #require(Self.update(of: lead, in: rig), "no crm.lead.update\n\(context)")
            #expect(update.params["fields"]?["ASSIGNED_BY_ID"]?.intValue == 12, "\(context)")
            let finish = try #require(call.finishes.first)
            #expect(update.sequence < finish.sequence, "reassigned at the answer, before the finish\n\(context)")
            #expect(rig.portal.crmEntity(type: "LEAD", id: lead)?.assignedByID == 12)
        }
    }

    @Test("a portal refusing leads: the fallback lead goes to Petr; a later caller goes search → lead → register")
    func leadFirstAfterRefusal() async throws {
        try await EndToEndRig.with { rig in
            rig.portal.updateConfiguration { $0.leadCreationError = "Lead creation is disabled for local users" }
            try await rig.startEngine()
            try await rig.replay("petr-answers", speed: Self.speed)
            #expect(await rig.awaitFinish(of: Self.petrAnswers), "\(rig.describeJournal())")
            // The fallback lead (crm.lead.add, not bound to the call): Bitrix24's finish would not reassign it.
            #expect(await eventually { !rig.portal.crmEntities(type: "LEAD").isEmpty }, "\(rig.describeJournal())")
            let first = try #require(rig.portal.crmEntities(type: "LEAD").first, "\(rig.describeJournal())")
            #expect(await eventually { Self.update(of: first.id, in: rig) != nil }, "\(rig.describeJournal())")
            #expect(rig.portal.crmEntity(type: "LEAD", id: first.id)?.assignedByID == 12)

            // A second unknown caller (answered.ami, another number): search, then the lead, then the register.
            let text = String(decoding: try RepositoryFiles.bytes("captures/answered.ami"), as: UTF8.self)
            let other = AMICapture(bytes: Array(text.replacingOccurrences(of: "79161234567", with: "79169990000").utf8))
            await rig.ami.replay(other, speed: Self.speed)
            #expect(await rig.awaitFinish(of: ExpectedCall.answered.linkedid), "\(rig.describeJournal())")
            #expect(await rig.stopEngine() == 0)
            let context = rig.describeJournal()
            let journal = rig.portal.journal.filter { $0.status == 200 }
            let search = try #require(
                journal.first {
                    $0.method == "telephony.externalcall.searchcrmentities"
                        && $0.params["PHONE_NUMBER"]?.stringValue == "79169990000"
                },
                "\(context)"
            )
            let add = try #require(journal.first { $0.method == "crm.lead.add" && $0.sequence > search.sequence })
            let lead = try #require(add.result?.intValue)
            let register = try #require(rig.journal(of: ExpectedCall.answered.linkedid).registers.first, "\(context)")
            #expect(search.sequence < add.sequence && add.sequence < register.sequence, "\(context)")
            #expect(register.params["CRM_CREATE"]?.isTruthy == false)
            #expect(register.params["CRM_ENTITY_TYPE"]?.stringValue == "LEAD", "\(context)")
            #expect(register.params["CRM_ENTITY_ID"]?.intValue == lead, "\(context)")
            #expect(register.result?["LEAD_CREATION_ERROR"] == nil)
            // Answered by 201 (Ivan): the lead is his.
            #expect(rig.portal.crmEntity(type: "LEAD", id: lead)?.assignedByID == 11, "\(context)")
        }
    }
}
