import Adapters
import Foundation
import TestSupport
import Testing

/// docs/observability.md lists exactly the metrics Switchboard exports.
@Suite struct MetricsDocumentationTests {
    @Test func everyMetricIsDocumentedAndEveryDocumentedMetricExists() throws {
        let text = try String(contentsOf: RepositoryFiles.url("docs/observability.md"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `switchboard_") }
        let documented = Set(rows.compactMap { $0.split(separator: "`").dropFirst().first.map(String.init) })
        #expect(documented == Set(SwitchboardMetrics.allNames))
        #expect(SwitchboardMetrics.allNames.count == Set(SwitchboardMetrics.allNames).count)
    }

    @Test func noMetricIsSpelledOutsideTheCatalog() throws {
        // Labels are spelled once, in SwitchboardMetrics; everything else uses its typed factories.
        let sources = RepositoryFiles.url("Sources")
        let files =
            FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        var offenders: [String] = []
        for file in files where !file.path.contains("/Adapters/HTTP/SwitchboardMetrics") {
            let text = try String(contentsOf: file, encoding: .utf8)
            if text.contains("label: \"switchboard_") { offenders.append(file.lastPathComponent) }
        }
        #expect(offenders.isEmpty, "metric labels spelled outside SwitchboardMetrics: \(offenders)")
    }
}
