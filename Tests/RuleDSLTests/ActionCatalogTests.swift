import RuleDSL
import Testing

/// The action catalog and ``ActionKind`` describe the same actions, one schema each.
@Suite("action catalog")
struct ActionCatalogTests {
    @Test("every action kind has exactly one schema, under its own name")
    func oneSchemaPerKind() {
        #expect(ActionCatalog.all.count == ActionKind.allCases.count)
        for kind in ActionKind.allCases {
            #expect(ActionCatalog.all.filter { $0.kind == kind }.count == 1, "\(kind)")
            #expect(ActionCatalog.action(named: kind.rawValue)?.kind == kind)
            #expect(kind.schema.name == kind.rawValue)
        }
    }

    @Test("each Bitrix24 method is performed by one action, found case-insensitively")
    func methodToAction() {
        #expect(ActionCatalog.action(performing: "telephony.externalcall.register")?.kind == .registerCall)
        #expect(ActionCatalog.action(performing: "TELEPHONY.EXTERNALCALL.SEARCHCRMENTITIES")?.kind == .searchCRM)
        #expect(ActionCatalog.action(performing: "crm.lead.add")?.kind == .createLead)
        #expect(ActionCatalog.action(performing: "user.get") == nil)
        let methods = ActionCatalog.all.map { $0.performs.lowercased() }
        #expect(Set(methods).count == methods.count)
    }
}
