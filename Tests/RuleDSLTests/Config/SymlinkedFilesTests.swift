import Foundation
import Testing

@testable import RuleDSL

/// Item 9 of the hardening issue (the smaller ones): config and rule files mounted as symbolic links (a Kubernetes
/// ConfigMap: `name -> ..data/name`, `..data -> ..<version>`) are read through the links, and a new version swapped
/// in under `..data` is what the next load reads.
@Suite struct SymlinkedFilesTests {
    static func rule(_ message: String) -> String {
        """
        version: 1
        rules:
          - id: greet
            on: call.started
            do: [{log: {message: \(message)}}]

        """
    }

    @Test func smallerOnesSymlinkedConfigAndRuleFilesAreFollowed() throws {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appendingPathComponent("configmaps-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: root) }
        let rules = root.appendingPathComponent("rules")
        let config = root.appendingPathComponent("config")
        /// Writes version `name` of both mounts and points their `..data` at it.
        func publish(_ name: String, message: String) throws {
            for (mount, file, text) in [
                (rules, "10-greet.yaml", Self.rule(message)), (config, "engine.yaml", "pbx: {id: \(message)}\n"),
            ] {
                let folder = mount.appendingPathComponent(name)
                try manager.createDirectory(at: folder, withIntermediateDirectories: true)
                try text.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
                let data = mount.appendingPathComponent("..data")
                try? manager.removeItem(at: data)
                try manager.createSymbolicLink(atPath: data.path, withDestinationPath: name)
                let link = mount.appendingPathComponent(file)
                if (try? manager.destinationOfSymbolicLink(atPath: link.path)) == nil {
                    try manager.createSymbolicLink(atPath: link.path, withDestinationPath: "..data/\(file)")
                }
            }
        }
        let configPath = config.appendingPathComponent("engine.yaml").path

        try publish("..2026_01", message: "first")
        let first = RuleSetLoader.load(paths: [rules.path])
        #expect(first.report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(first.report.diagnostics)")
        #expect(first.ruleSet?.rules.map(\.id) == ["greet"])
        #expect(ConfigLoader.load(path: configPath, environment: [:]).config?.pbxID == "first")

        // The ConfigMaps are updated: new version folders, `..data` swapped to them; the file links stay.
        try publish("..2026_02", message: "second")
        #expect(ConfigLoader.load(path: configPath, environment: [:]).config?.pbxID == "second")
        let second = RuleSetLoader.load(paths: [rules.path])
        let source = try #require(second.report.sources.values.first { $0.path.hasSuffix("10-greet.yaml") })
        #expect(source.text.contains("second"))
    }
}
