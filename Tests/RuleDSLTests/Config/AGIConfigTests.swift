import Foundation
import RuleDSL
import Testing

/// `agi:` and `bitrix24.lead_creation` in engine.yaml.
@Suite("config: FastAGI and lead creation")
struct AGIConfigTests {
    private func load(_ text: String) throws -> ConfigLoader.Result {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return ConfigLoader.load(path: url.path, environment: [:])
    }

    @Test("agi: absent means no server; present, every key has a default")
    func defaults() throws {
        #expect(try load("rules: rules/\n").config?.agi == nil)
        let agi = try #require(try load("agi: {}\n").config?.agi)
        #expect(agi.listen == "127.0.0.1:4573" && agi.deadlineMilliseconds == 500)
        #expect(agi.lookupCacheSeconds == 30 && agi.sessionSeconds == 10 && agi.maxSessions == 1000)
        let set = try #require(
            try load("agi: {listen: \"0.0.0.0:4600\", deadline_ms: 800, lookup_cache_seconds: 0}\n").config?.agi
        )
        #expect(set.listen == "0.0.0.0:4600" && set.deadlineMilliseconds == 800 && set.lookupCacheSeconds == 0)
    }

    @Test("out-of-range or misspelt agi keys are positioned errors")
    func errors() throws {
        let result = try load("agi: {listen: nowhere, deadline_ms: 5, session_secs: 3}\n")
        #expect(result.config == nil)
        let found = result.report.diagnostics.map { "\($0.code.id)@\($0.range.start)" }.sorted()
        #expect(found.count == 3, "\(found)")
        #expect(DiagnosticFormat.human.render(result.report).contains("did you mean `session_seconds`?"))
    }

    @Test("bitrix24.lead_creation: auto by default; rules read the mode in force")
    func leadCreation() throws {
        let base = "bitrix24: {webhook_url: \"https://x.bitrix24.ru/rest/1/abc/\", default_user: 1"
        #expect(try load(base + "}\n").config?.bitrix24?.leadCreation == .auto)
        let engine = try #require(try load(base + ", lead_creation: engine}\n").config)
        #expect(engine.bitrix24?.leadCreation == .engine)
        guard case .map(let root) = engine.expressionValue, case .map(let portal)? = root["bitrix24"] else {
            Issue.record("no config.bitrix24")
            return
        }
        #expect(portal["lead_creation"] == .string("engine"))
        #expect(try load(base + ", lead_creation: sometimes}\n").config == nil)
    }
}
