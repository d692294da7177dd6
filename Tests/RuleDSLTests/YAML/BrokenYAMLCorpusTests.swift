import Foundation
import Testing
@testable import RuleDSL

/// The corpus of broken YAML files: every file is one distinct YAML-level mistake, marked by hand
/// with the code and the line:col of the offending token; one lint run must report exactly those.
@Suite struct BrokenYAMLCorpusTests {
    let files = Fixtures.yamlFiles(in: Fixtures.yamlCorpus)

    @Test func corpusHasAtLeastTwentyDistinctMistakes() throws {
        #expect(files.count >= 20)
        var expectationsPerFile: [String: [CorpusExpectation]] = [:]
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            let expectations = CorpusExpectation.parse(file: file, bytes: bytes)
            #expect(!expectations.isEmpty, "\(file) has no `# expect:` line")
            expectationsPerFile[file] = expectations
        }
        // Distinct mistakes: each file opens with a comment describing its mistake, and no two are alike.
        let descriptions = try files.map { file in
            try String(contentsOfFile: file, encoding: .isoLatin1).split(separator: "\n").first.map(String.init) ?? ""
        }
        #expect(descriptions.allSatisfy { $0.hasPrefix("# ") })
        #expect(Set(descriptions).count == files.count)
        #expect(Set(expectationsPerFile.values.flatMap { $0.map(\.code) }).count >= 10)
    }

    @Test func oneLintRunReportsEveryMarkedTokenAndNothingElse() throws {
        let report = Linter.lint(paths: [Fixtures.yamlCorpus])
        #expect(report.fileCount == files.count)
        var expected: [CorpusExpectation] = []
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            let expectations = CorpusExpectation.parse(file: file, bytes: bytes)
            for expectation in expectations {
                #expect(expectation.tokenMatches(in: bytes), "the marked token is not at \(expectation)")
            }
            expected += expectations
        }
        let reported = report.diagnostics.map {
            CorpusExpectation(file: $0.range.file, code: $0.code.id, line: $0.range.start.line,
                              column: $0.range.start.column, token: [])
        }
        let expectedKeys = Set(expected.map(\.description))
        let reportedKeys = Set(reported.map(\.description))
        #expect(expectedKeys.subtracting(reportedKeys).isEmpty, "not reported: \(expectedKeys.subtracting(reportedKeys).sorted())")
        #expect(reportedKeys.subtracting(expectedKeys).isEmpty, "unexpected: \(reportedKeys.subtracting(expectedKeys).sorted())")
        #expect(report.diagnostics.count == expected.count)
    }

    @Test func everyCorpusDiagnosticExplainsItself() {
        let report = Linter.lint(paths: [Fixtures.yamlCorpus])
        for diagnostic in report.diagnostics where diagnostic.code != .yamlSyntax {
            #expect(diagnostic.suggestion != nil, "\(diagnostic.range): \(diagnostic.code.id) has no suggestion")
        }
    }
}
