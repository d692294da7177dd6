import Testing

@testable import RuleDSL

@Suite struct ExpressionBenchmarkTests {
    /// The benchmark's expressions must compile and behave as described; timing is not asserted.
    @Test func benchmarkCorpusCompilesAndRuns() {
        let figures = ExpressionBenchmark.run(iterations: 8, compileCount: 16)
        #expect(figures.first?.name == "compile 16 conditions")
        #expect(figures.count == ExpressionBenchmark.conditions.count + 3)
        #expect(figures.allSatisfy { $0.operations > 0 })
        #expect(figures.last?.name == "template (41 bytes)")
    }
}
