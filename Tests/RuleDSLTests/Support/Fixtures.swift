import Foundation

/// Paths of the test resources.
enum Fixtures {
    /// The folder of broken YAML files, each marked with its expectations.
    static var yamlCorpus: String {
        Bundle.module.resourceURL!.appendingPathComponent("Corpus/yaml").path
    }

    /// The package's root folder (for the bundled `rules/`).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Every `*.yaml` file directly in `folder`, in name order.
    static func yamlFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
    }
}
