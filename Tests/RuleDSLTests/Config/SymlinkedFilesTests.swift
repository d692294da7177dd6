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
        let mount = manager.temporaryDirectory.appendingPathComponent("configmap-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: mount) }
        func version(_ name: String, message: String) throws {
            let folder = mount.appendingPathComponent(name)
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try Self.rule(message).write(to: folder.appendingPathComponent("10-greet.yaml"), atomically: true, encoding: .utf8)
            try "pbx: {id: \(message)}\n".write(
                to: folder.appendingPathComponent("engine.yaml"),
                atomically: true,
                encoding: .utf8
            )
        }
        try version("..2026_01", message: "first")
        try manager.createSymbolicLink(atPath: mount.appendingPathComponent("..data").path, withDestinationPath: "..2026_01")
        for name in ["10-greet.yaml", "engine.yaml"] {
            try manager.createSymbolicLink(
                atPath: mount.appendingPathComponent(name).path,
                withDestinationPath: "..data/\(name)"
            )
        }

        let first = RuleSetLoader.load(paths: [mount.path])
        #expect(first.report.diagnostics.filter { $0.severity == .error }.isEmpty, "\(first.report.diagnostics)")
        #expect(first.ruleSet?.rules.map(\.id) == ["greet"])
        #expect(ConfigLoader.load(path: mount.appendingPathComponent("engine.yaml").path, environment: [:])
            .config?.pbxID == "first")

        // The ConfigMap is updated: a new version folder, `..data` swapped to it.
        try version("..2026_02", message: "second")
        try manager.removeItem(at: mount.appendingPathComponent("..data"))
        try manager.createSymbolicLink(atPath: mount.appendingPathComponent("..data").path, withDestinationPath: "..2026_02")
        #expect(ConfigLoader.load(path: mount.appendingPathComponent("engine.yaml").path, environment: [:])
            .config?.pbxID == "second")
        let second = RuleSetLoader.load(paths: [mount.path])
        let source = try #require(second.report.sources.values.first { $0.path.hasSuffix("10-greet.yaml") })
        #expect(source.text.contains("second"))
    }
}
