import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
import TestSupport
#endif

/// `engine test` as integrators run it: a passing suite, a broken expectation with its diff and trace,
/// coverage, JUnit output, `--run`, and the refusal of a case that expects nothing.
@Suite struct TestCommandTests {
    static let fixtures = "Tests/EngineCLITests/Fixtures/ruletests/rules/tests"

    @Test func theDefaultRulesPassTheirTestsWithFullCoverage() throws {
        let output = try EngineProcess.run(["test", "--require-coverage", "rules/tests"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("coverage: 25/25 rules fired\n"))
        #expect(output.stdout.hasSuffix("rule tests: 38 passed, 0 failed\n"))
    }

    @Test func aPassingSuitePassesAndNamesEachCase() throws {
        let output = try EngineProcess.run(["test", "\(Self.fixtures)/passing.test.yaml"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("✔ \(Self.fixtures)/passing.test.yaml: cards for the ringing members"))
        #expect(output.stdout.hasSuffix("rule tests: 1 passed, 0 failed\n"))
    }

    @Test func aBrokenExpectationShowsTheDiffAndWhyARuleDidNotFire() throws {
        let output = try EngineProcess.run(["test", "\(Self.fixtures)/broken.test.yaml"])
        #expect(output.status == 1)
        let text = output.stdout
        #expect(text.contains("missing: b24.show_card {users: [99]} by card-to-ringing-member"))
        #expect(text.contains("nearest: b24.show_card {call: \"CALL-1\", users: [7]} by card-to-ringing-member"))
        #expect(text.contains("users: expected [99], got [7]"))
        #expect(text.contains("rule log-transfers did not fire: none of its events (call.transferred) happened"))
        // The rule's event happened, but its condition was false: the trace shows each condition's value.
        #expect(text.contains("rule register-inbound did not fire:\n      call.started at "))
        #expect(text.contains("when inbound → false"))
        #expect(text.hasSuffix("rule tests: 0 passed, 2 failed\n"))
    }

    @Test func anUncoveredRuleFailsRequireCoverage() throws {
        let file = "\(Self.fixtures)/passing.test.yaml"
        #expect(try EngineProcess.run(["test", file]).status == 0)
        let output = try EngineProcess.run(["test", "--require-coverage", file])
        #expect(output.status == 1)
        #expect(output.stdout.contains("coverage: 3/4 rules fired; never fired: log-transfers"))
    }

    @Test func junitOutputIsWellFormedAndCountsFailures() throws {
        let output = try EngineProcess.run(["test", "--format", "junit", Self.fixtures])
        #expect(output.status == 1)
        let document = try XMLDocument(data: Data(output.stdout.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "3")
        #expect(root.attribute(forName: "failures")?.stringValue == "2")
        let failures = try root.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 2)
    }

    @Test func runSelectsCasesByRegularExpression() throws {
        let output = try EngineProcess.run(["test", "--run", "internal call", Self.fixtures])
        #expect(output.stdout.contains("an internal call expected to be registered"))
        #expect(!output.stdout.contains("cards for the ringing members"))
        #expect(output.stdout.hasSuffix("rule tests: 0 passed, 1 failed\n"))
    }

    @Test func aCaseThatExpectsNothingIsAnErrorNotAPass() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("empty-expect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = RepositoryFiles.rulesFolder
        let file = folder.appendingPathComponent("empty.test.yaml")
        try """
        rule_files: ["\(rules)/*.yaml"]
        cases:
          - name: proves nothing
            input: {events: [{at: 0s, Event: FullyBooted, Status: Fully Booted}]}
            expect_none: [{action: b24.create_lead}]

        """.write(to: file, atomically: true, encoding: .utf8)
        let output = try EngineProcess.run(["test", file.path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("expects no action: an empty expectation proves nothing"))
    }
}
