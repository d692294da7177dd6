import Foundation
import TestSupport

/// Paths of the test resources.
enum Fixtures {
    /// A corpus folder of broken files (`yaml`, `rules`), each file marked with its expectations.
    static func corpus(_ name: String) -> String {
        RepositoryFiles.url("Tests/RuleDSLTests/Corpus/\(name)").path
    }

    /// Every `*.yaml` file directly in `folder`, in name order.
    static func yamlFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
    }
}
