import Foundation
import Testing

@testable import RuleDSL

/// The corpus of broken YAML files: every file is one distinct YAML-level mistake, marked by hand
/// with the code and the line:col of the offending token; one lint run must report exactly those.
@Suite struct BrokenYAMLCorpusTests {
    static let folder = Fixtures.corpus("yaml")

    @Test func corpusHasAtLeastTwentyDistinctMistakes() throws {
        let descriptions = try CorpusCheck.descriptions(in: Self.folder)
        #expect(descriptions.count >= 20)
        #expect(descriptions.allSatisfy { $0.hasPrefix("# ") })
        #expect(Set(descriptions).count == descriptions.count)
        #expect(Set(try CorpusCheck.expectations(in: Self.folder).map(\.code)).count >= 10)
    }

    @Test func oneLintRunReportsEveryMarkedTokenAndNothingElse() throws {
        try CorpusCheck.verify(folder: Self.folder)
    }

    @Test func everyCorpusDiagnosticExplainsItself() {
        let report = Linter.lint(paths: [Self.folder])
        for diagnostic in report.diagnostics where diagnostic.code != .yamlSyntax {
            #expect(diagnostic.suggestion != nil, "\(diagnostic.range): \(diagnostic.code.id) has no suggestion")
        }
    }
}
