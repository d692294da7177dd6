import Foundation
import TestSupport
import Testing

@testable import RuleDSL

/// The committed schema is exactly what the catalogs generate.
@Suite struct RulesJSONSchemaTests {
    @Test func committedSchemaMatchesTheCatalogs() throws {
        let path = RepositoryFiles.root.appendingPathComponent("schemas/rules.schema.json")
        let committed = try String(contentsOf: path, encoding: .utf8)
        #expect(
            committed == RulesJSONSchema.generate(),
            "schemas/rules.schema.json is stale: run `swift run engine schema rules > schemas/rules.schema.json`"
        )
    }

    @Test func schemaNamesEveryEventAndAction() throws {
        let schema = try #require(
            try JSONSerialization.jsonObject(with: Data(RulesJSONSchema.generate().utf8)) as? [String: Any]
        )
        let defs = try #require(schema["$defs"] as? [String: Any])
        let actions = try #require((defs["action"] as? [String: Any])?["oneOf"] as? [[String: Any]])
        let names = actions.compactMap { ($0["required"] as? [String])?.first }
        #expect(Set(names) == Set(ActionCatalog.names))
        let rule = try #require(defs["rule"] as? [String: Any])
        let on = try #require((rule["properties"] as? [String: Any])?["on"] as? [String: Any])
        let events = try #require((on["anyOf"] as? [[String: Any]])?.first?["enum"] as? [String])
        #expect(Set(events) == Set(EventCatalog.names))
    }
}
