import Engine
import Foundation
import RuleDSL

/// A rules folder written to a temporary directory and compiled, for interpreter tests.
enum TemporaryRules {
    struct DoNotLoad: Error, CustomStringConvertible {
        let report: String
        var description: String { report }
    }

    static func compile(_ files: [String: String]) throws -> CompiledRuleSet {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("engine-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let loaded = RuleSetLoader.load(paths: [folder.path])
        guard let ruleSet = loaded.ruleSet else {
            throw DoNotLoad(report: DiagnosticFormat.human.render(loaded.report))
        }
        return ruleSet
    }
}
