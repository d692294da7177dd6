import Testing

@testable import RuleDSL

@Suite struct DiagnosticCatalogTests {
    @Test func codesAreUniqueAndWellFormed() {
        let ids = DiagnosticCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        let names = DiagnosticCatalog.all.map(\.name)
        #expect(Set(names).count == names.count)
        for code in DiagnosticCatalog.all {
            let letter = code.id.first
            #expect((letter == "E") == (code.defaultSeverity == .error), "\(code.id)")
            #expect((letter == "W") == (code.defaultSeverity == .warning), "\(code.id)")
            #expect(!code.explanation.isEmpty)
        }
    }

    @Test func lookupByIdOrName() {
        #expect(DiagnosticCatalog.code(named: "e103")?.name == "yaml-tag-on-scalar")
        #expect(DiagnosticCatalog.code(named: "duplicate-key")?.id == "E102")
        #expect(DiagnosticCatalog.code(named: "E999") == nil)
    }
}
