import Testing

@testable import RuleDSL

/// The corpus of broken rule files: each file one distinct semantic mistake (valid YAML, wrong rules),
/// marked by hand; one lint run over the folder reports exactly those, at the marked tokens.
@Suite struct BrokenRulesCorpusTests {
    static let folder = Fixtures.corpus("rules")

    @Test func corpusHasAtLeastThirtyDistinctMistakes() throws {
        let descriptions = try CorpusCheck.descriptions(in: Self.folder)
        #expect(descriptions.count >= 30)
        #expect(Set(descriptions).count == descriptions.count)
    }

    @Test func oneLintRunReportsEveryMarkedTokenAndNothingElse() throws {
        try CorpusCheck.verify(folder: Self.folder)
    }
}
