import ArgumentParser
import Engine
import Foundation
import RuleDSL

/// `engine test [PATH…]`: unit tests for rules, after promtool's `test rules`.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule tests: AMI input in, expected action intents out. No network.",
        discussion: """
            A test file names the rule files it tests (`rule_files:`, default ../*.yaml) and holds cases: fixtures
            (user directory, results of `as:` actions, config), the input (a capture, raw AMI text, or compact
            events on a virtual clock) and the expectations (`expect:` in order, subset match on arguments;
            `expect_none:`). Exit status: 0 all passed, 1 a case failed (or, with --require-coverage, a rule no
            case fired), 2 a test or rule file does not load.
            """
    )

    @Argument(help: "Test files or folders (a folder stands for its *.yaml files).")
    var paths: [String] = ["rules/tests"]

    @Option(name: .customLong("run"), help: "Run only the cases whose `file: name` matches this regular expression.")
    var only: String?

    @Option(name: .long, help: "Output format: human or junit.")
    var format: TestOutputFormat = .human

    @Flag(name: .long, help: "Fail when a rule of the tested files fired in no case.")
    var requireCoverage = false

    func run() throws {
        let filter = try only.map { try Regex($0) }
        var report = RuleTestReport()
        var unloadable = 0
        for file in LintInputs.listing(ofAll: paths) {
            let loaded = RuleTestSuiteLoader.load(path: file)
            guard let suite = loaded.suite else {
                printError(DiagnosticFormat.human.render(loaded.report))
                unloadable += 1
                continue
            }
            let rules = RuleSetLoader.load(paths: suite.ruleFiles)
            guard let ruleSet = rules.ruleSet, !suite.ruleFiles.isEmpty else {
                printError("\(file): the rules under test do not load")
                printError(DiagnosticFormat.human.render(rules.report))
                unloadable += 1
                continue
            }
            report.register(ruleSet, of: suite)
            let runner = RuleTestRunner(ruleSet: ruleSet)
            for testCase in suite.cases {
                let label = "\(file): \(testCase.name)"
                if let filter, (try? filter.firstMatch(in: label)) == nil { continue }
                do {
                    let (verdict, traces) = try runner.run(testCase)
                    report.record(verdict, traces: traces, file: file)
                } catch {
                    report.recordError("\(error)", caseName: testCase.name, file: file)
                }
            }
        }
        switch format {
        case .human:
            print(report.humanText(color: Terminal.isColorCapable), terminator: "")
            if unloadable > 0 { print("rule test files that did not load: \(unloadable) (see the errors above)") }
        case .junit: print(report.junitXML(), terminator: "")
        }
        if unloadable > 0 { throw ExitCode(2) }
        if report.failedCount > 0 || (requireCoverage && !report.uncoveredRules.isEmpty) { throw ExitCode(1) }
    }
}

enum TestOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case human, junit
}
