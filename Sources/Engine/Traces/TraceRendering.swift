import AMIProtocol
public import Foundation
public import RuleDSL

/// Renders a call's trace for people: the AMI events in (those that made nothing folded into one line), each event
/// the rules evaluated with every rule considered — fired with its actions, or the first condition that did not
/// hold — then what was executed and what the portal answered. `engine explain` prints it.
public enum TraceRendering {
    /// The text of `trace`; `rule` keeps only the events that rule was considered for (and its executions), with
    /// every condition of it.
    public static func text(
        _ trace: CallTrace,
        generations: [Int: RuleGeneration],
        interpreter: RuleInterpreter,
        rule: String? = nil
    ) -> String {
        let start = trace.steps.first?.time ?? trace.firstSeen
        var lines = [header(trace)]
        if trace.droppedSteps > 0 { lines.append("  … \(trace.droppedSteps) earlier steps not kept") }
        for line in trace.lines {
            if let rule {
                switch line {
                case .quietAMI, .ami, .portal: continue
                case .execution(let execution) where execution.rule != rule: continue
                case .evaluation(let evaluation):
                    let reacts = generations[evaluation.generation]?.ruleSet.rules(for: evaluation.entry.name)
                        .contains { $0.id == rule }
                    if reacts != true { continue }
                case .execution: break
                }
            }
            switch line {
            case .quietAMI(let messages, let since):
                lines.append("  \(offset(since, from: start))  · \(TraceLine.counted(messages))")
            case .ami(let message, let time):
                lines.append("  \(offset(time, from: start))  AMI \(message.name ?? "?")\(channel(of: message))")
            case .evaluation(let evaluation):
                lines += self.lines(of: evaluation, start: start, generations: generations, interpreter, rule: rule)
            case .execution(let execution):
                let arguments = Value.map(execution.arguments).compactText
                let outcome = execution.failure.map { "failed: \($0)" } ?? execution.route
                lines.append(
                    "  \(offset(execution.time, from: start))  ⇒ \(execution.rule): \(execution.action.rawValue) "
                        + "\(arguments) → \(outcome)"
                )
            case .portal(let answer):
                lines.append(
                    "  \(offset(answer.time, from: start))  ⇐ \(answer.method) (\(answer.step)) "
                        + "\(answer.parameters): "
                        + "\(answer.status)\(answer.result.map { " → \($0)" } ?? "")"
                )
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `call 1795564212.0: 58 AMI events, 12 evaluated, 9 rules fired, 9 actions; ended`.
    static func header(_ trace: CallTrace) -> String {
        let counts = trace.counts
        let rules = counts.generations.map(String.init).joined(separator: ", ")
        return
            "call \(trace.callID): \(counts.ami) AMI events, \(counts.evaluated) evaluated, "
            + "\(counts.fired) rules fired, "
            + "\(counts.intents) actions; rules generation \(rules.isEmpty ? "-" : rules)"
            + (trace.ended ? "; ended" : "; in progress")
    }

    private static func lines(
        of evaluation: TraceEvaluation,
        start: Date,
        generations: [Int: RuleGeneration],
        _ interpreter: RuleInterpreter,
        rule: String?
    ) -> [String] {
        let entry = evaluation.entry
        let summary = summary(of: entry)
        var lines = ["  \(offset(entry.time, from: start))  \(entry.name)\(summary.isEmpty ? "" : "  \(summary)")"]
        let indent = "              "
        guard let generation = generations[evaluation.generation] else {
            lines.append("\(indent)(the rules of generation \(evaluation.generation) are no longer kept)")
            return lines
        }
        for verdict in interpreter.verdicts(for: entry, in: generation, only: rule) {
            lines.append(indent + verdictLine(verdict, all: rule != nil))
            if rule != nil {
                for condition in verdict.conditions {
                    lines.append("\(indent)    \(condition.text) → \(condition.outcome)")
                }
            }
            for intent in entry.intents where intent.ruleID == verdict.rule {
                let binding = intent.binding.map { " as \($0)" } ?? ""
                lines.append(
                    "\(indent)    → \(intent.action) \(Value.map(intent.arguments).compactText)\(binding)"
                )
            }
            for issue in entry.issues where issue.ruleID == verdict.rule {
                lines.append("\(indent)    ✗ \(issue.action) not evaluated: \(issue.error)")
            }
        }
        return lines
    }

    /// The event in short: an engine event's payload (`201 no_answer queue=sales`), an AMI event's channel.
    public static func summary(of entry: TimelineEntry) -> String {
        if entry.event != nil { return TimelineRendering.summary(of: entry) }
        if case .map(let fields) = entry.payload, case .string(let channel)? = fields["Channel"] { return channel }
        return ""
    }

    private static func verdictLine(_ verdict: RuleVerdict, all: Bool) -> String {
        if verdict.fired { return "✔ \(verdict.rule)" + (verdict.stops ? " (stop: later rules not considered)" : "") }
        if !verdict.reached { return "· \(verdict.rule): not considered (an earlier rule stopped the event)" }
        if all { return "✘ \(verdict.rule)" }
        guard let failure = verdict.firstFailure else { return "✘ \(verdict.rule)" }
        return "✘ \(verdict.rule): \(failure.text) → \(failure.outcome)"
    }

    private static func channel(of message: AMIMessage) -> String {
        message["Channel"].map { "  \($0)" } ?? ""
    }

    static func offset(_ time: Date, from start: Date) -> String {
        String(format: "%+8.3f", time.timeIntervalSince(start))
    }
}
