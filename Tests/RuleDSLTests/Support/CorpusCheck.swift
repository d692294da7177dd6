import Foundation
import Testing

@testable import RuleDSL

/// Checks a corpus folder: one lint run over the whole folder must report exactly the codes and
/// positions written by hand in the files' `# expect:` lines, and each marked token must stand there.
enum CorpusCheck {
    /// The expectations of every file in `folder`, the files' bytes checked for the marked tokens.
    static func expectations(in folder: String) throws -> [CorpusExpectation] {
        var all: [CorpusExpectation] = []
        for file in Fixtures.yamlFiles(in: folder) {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            let expectations = CorpusExpectation.parse(file: file, bytes: bytes)
            #expect(!expectations.isEmpty, "\(file) has no `# expect:` line")
            for expectation in expectations {
                #expect(expectation.tokenMatches(in: bytes), "the marked token is not at \(expectation)")
            }
            all += expectations
        }
        return all
    }

    /// Lints `folder` once and compares the report with the expectations.
    static func verify(folder: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try expectations(in: folder)
        let report = Linter.lint(paths: [folder])
        let expectedKeys = expected.map(\.description).sorted()
        let reportedKeys = report.diagnostics.map {
            "\($0.range.file): \($0.code.id) @ \($0.range.start.line):\($0.range.start.column)"
        }.sorted()
        let missing = Set(expectedKeys).subtracting(reportedKeys).sorted()
        let unexpected = Set(reportedKeys).subtracting(expectedKeys).sorted()
        #expect(missing.isEmpty, "not reported: \(missing)", sourceLocation: sourceLocation)
        #expect(unexpected.isEmpty, "unexpected: \(unexpected)", sourceLocation: sourceLocation)
        #expect(reportedKeys.count == expectedKeys.count, sourceLocation: sourceLocation)
    }

    /// The first line of every file (its description), which must be distinct.
    static func descriptions(in folder: String) throws -> [String] {
        try Fixtures.yamlFiles(in: folder).map { file in
            try String(contentsOfFile: file, encoding: .isoLatin1).split(separator: "\n").first.map(String.init) ?? ""
        }
    }
}
