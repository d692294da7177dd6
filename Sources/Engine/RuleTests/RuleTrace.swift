import Foundation
import RuleDSL

/// Why a rule did not fire in a test case: for each event it reacts to that occurred, each condition
/// (`match:` entries and the parts of `when:`) with its value.
public struct RuleTrace: Sendable {
    /// One evaluation of the rule.
    public struct Step: Sendable {
        public var event: String
        public var seconds: Double
        public var conditions: [(condition: String, outcome: String)]
    }

    public var rule: String
    /// The events the rule reacts to.
    public var events: [String]
    public var steps: [Step]

    static func of(
        rule id: String,
        in ruleSet: CompiledRuleSet,
        entries: [TimelineEntry],
        engine: CallEngine,
        start: Date
    ) -> RuleTrace {
        guard let rule = ruleSet.rules.first(where: { $0.id == id }) else {
            return RuleTrace(rule: id, events: [], steps: [])
        }
        var steps: [Step] = []
        for entry in entries where rule.events.contains(entry.name) {
            for verdict in engine.interpreter.verdicts(for: entry, in: engine.generation, only: id) {
                steps.append(
                    Step(
                        event: entry.name,
                        seconds: entry.time.timeIntervalSince(start),
                        conditions: verdict.conditions.map { ($0.text, $0.outcome) }
                    )
                )
            }
        }
        return RuleTrace(rule: id, events: rule.events, steps: steps)
    }
}
