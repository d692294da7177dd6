import ArgumentParser
import Bench
import Foundation
import RuleDSL

/// `engine bench rules`: how long loading and checking a large rules folder takes, and how many events
/// per second the compiled rules evaluate. Run it from a release build.
struct BenchRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Load and check N rules generated from the default rules; evaluate them per event."
    )

    @Option(name: .long, help: "The default rules to generate from.")
    var rules = "rules"

    @Option(name: .long, help: "How many rules to generate.")
    var count = 1_000

    @Option(name: .long, help: "How many times to load the folder (the median is reported).")
    var runs = 9

    @Option(name: .long, help: "Seconds to spend evaluating events.")
    var seconds = 2.0

    func run() throws {
        let folder = try GeneratedRuleFolder.generate(from: rules, count: count)
        defer { folder.remove() }
        let clock = ContinuousClock()
        var loadTimes: [Duration] = []
        var result: RuleSetLoader.Result?
        for _ in 0..<runs {
            let start = clock.now
            result = RuleSetLoader.load(paths: [folder.path])
            loadTimes.append(clock.now - start)
        }
        guard let result, let ruleSet = result.ruleSet else {
            print(
                DiagnosticFormat.human.render(result?.report ?? LintReport(diagnostics: [], sources: [:], fileCount: 0))
            )
            throw ValidationError("the generated rules do not load")
        }
        loadTimes.sort()
        let files = LintInputs.listing(of: folder.path).count
        print("rules: \(folder.ruleCount) in \(files) files (\(result.report.warningCount) warnings)")
        print(
            "load + check + compile: median \(Self.milliseconds(loadTimes[loadTimes.count / 2])) ms, "
                + "min \(Self.milliseconds(loadTimes[0])) ms, "
                + "max \(Self.milliseconds(loadTimes[loadTimes.count - 1])) ms over \(runs) runs"
        )
        print(
            "phases of the last run: "
                + result.phases.map { "\($0.name) \(Self.milliseconds($0.duration)) ms" }.joined(separator: ", ")
        )
        evaluate(ruleSet, label: "\(folder.ruleCount) rules")
        if let defaults = RuleSetLoader.load(paths: [rules]).ruleSet {
            evaluate(defaults, label: "default rules (\(defaults.rules.count))")
        }
    }

    /// Dispatches the fixture event through the rule set for `seconds`, producing every action intent.
    private func evaluate(_ ruleSet: CompiledRuleSet, label: String) {
        let context = RuleEvaluationFixture.context()
        let candidates = ruleSet.rules(for: RuleEvaluationFixture.eventName)
        let clock = ContinuousClock()
        var events = 0
        var fired = 0
        var intents = 0
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        let start = clock.now
        while clock.now < deadline {
            for _ in 0..<100 {
                for rule in candidates where rule.fires(in: context) {
                    fired += 1
                    for action in rule.actions where (try? action.evaluateArguments(context)) != nil { intents += 1 }
                }
                events += 1
            }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perEvent = fired / max(events, 1)
        print(
            "evaluate \(label): \(Int(Double(events) / seconds)) events/s "
                + "(\(candidates.count) rules on \(RuleEvaluationFixture.eventName), \(perEvent) fire per event, "
                + "\(intents / max(events, 1)) action intents per event)"
        )
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.1f", value)
    }
}
