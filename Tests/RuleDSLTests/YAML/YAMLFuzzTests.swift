import Foundation
import TestSupport
import Testing

@testable import RuleDSL

/// Hostile input never crashes or hangs the loader: 10,000 mutants of real rule files, each loaded
/// under a time bound; the seeds load clean, and a fair share of mutants still load (a loader that
/// rejects everything would pass "no crash" trivially).
@Suite struct YAMLFuzzTests {
    static let mutantCount = 10_000
    static let perInputBound: Duration = .seconds(2)

    func seeds() throws -> [[UInt8]] {
        let rules = RepositoryFiles.rulesFolder
        let files = Fixtures.yamlFiles(in: rules)
        #expect(!files.isEmpty)
        return try files.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }
    }

    @Test func seedsLoadClean() throws {
        for seed in try seeds() {
            let result = YAMLLoader.load(bytes: seed, path: "seed.yaml")
            #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
            #expect(result.document?.root != nil)
        }
    }

    @Test func tenThousandMutantsNeverCrashOrHang() throws {
        let seeds = try seeds()
        var mutator = YAMLMutator(random: SplitMix64(seed: 0x5EED_CAFE))
        let clock = ContinuousClock()
        var clean = 0
        var slowest: Duration = .zero
        for index in 0..<Self.mutantCount {
            let mutant = mutator.mutate(seeds[index % seeds.count])
            let start = clock.now
            let result = YAMLLoader.load(bytes: mutant, path: "mutant-\(index).yaml")
            let elapsed = clock.now - start
            slowest = max(slowest, elapsed)
            #expect(elapsed < Self.perInputBound, "mutant \(index) took \(elapsed)")
            if result.isClean { clean += 1 }
            for diagnostic in result.diagnostics {
                // Every diagnostic is positioned inside the file (or at its start for whole-file problems).
                #expect(diagnostic.range.start.line >= 1 && diagnostic.range.start.column >= 1)
                if let source = result.source {
                    #expect(diagnostic.range.start.line <= source.lines.count + 1, "mutant \(index): \(diagnostic)")
                }
                // And renders without trapping.
                _ = HumanRenderer(color: false).render(
                    diagnostic,
                    sources: result.source.map { ["mutant-\(index).yaml": $0] } ?? [:]
                )
            }
        }
        #expect(clean >= Self.mutantCount / 10, "only \(clean) of \(Self.mutantCount) mutants loaded clean")
        #expect(clean < Self.mutantCount, "every mutant loaded clean: the mutator breaks nothing")
    }
}
