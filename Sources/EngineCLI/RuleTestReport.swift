import Engine
import Foundation
import RuleDSL

/// The results of `engine test`: per case a verdict, and which rules no case fired.
struct RuleTestReport {
    struct Entry {
        var file: String
        var caseName: String
        var verdict: RuleTestVerdict?
        var traces: [RuleTrace] = []
        var error: String?
        var passed: Bool { error == nil && verdict?.passed == true }
    }

    private(set) var entries: [Entry] = []
    private var rulesByFile: [String: [String]] = [:]
    private var fired: Set<String> = []

    mutating func register(_ ruleSet: CompiledRuleSet, of suite: RuleTestSuite) {
        rulesByFile[suite.path] = ruleSet.rules.map(\.id)
    }

    mutating func record(_ verdict: RuleTestVerdict, traces: [RuleTrace], file: String) {
        entries.append(Entry(file: file, caseName: verdict.caseName, verdict: verdict, traces: traces))
        fired.formUnion(verdict.firedRules)
    }

    mutating func recordError(_ message: String, caseName: String, file: String) {
        entries.append(Entry(file: file, caseName: caseName, verdict: nil, error: message))
    }

    var failedCount: Int { entries.count { !$0.passed } }
    var passedCount: Int { entries.count - failedCount }

    /// Rules of the tested files that no case fired, sorted.
    var uncoveredRules: [String] {
        Set(rulesByFile.values.flatMap { $0 }).subtracting(fired).sorted()
    }

    var allRules: Set<String> { Set(rulesByFile.values.flatMap { $0 }) }

    func humanText(color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = ""
        for entry in entries {
            let mark = entry.passed ? paint("✔", "32") : paint("✘", "31")
            let count = entry.verdict.map { " (\($0.produced.count) intents)" } ?? ""
            out += "\(mark) \(entry.file): \(entry.caseName)\(count)\n"
            if let error = entry.error { out += "    error: \(error)\n" }
            guard let verdict = entry.verdict, !verdict.passed else { continue }
            for (expected, nearest) in verdict.missing {
                out += "    \(paint("missing", "31")): \(expected)\n"
                if let nearest {
                    out += "      nearest: \(nearest)\n"
                    for difference in expected.differences(from: nearest) { out += "        \(difference)\n" }
                }
            }
            for (expectation, intent) in verdict.forbidden {
                out +=
                    "    \(paint("forbidden", "31")): \(intent) at \(String(format: "%.1f", intent.at))s "
                    + "(expect_none: \(expectation))\n"
            }
            for trace in entry.traces {
                out += "    rule \(trace.rule) did not fire"
                if trace.steps.isEmpty {
                    out += ": none of its events (\(trace.events.joined(separator: ", "))) happened\n"
                    continue
                }
                out += ":\n"
                for step in trace.steps {
                    out += "      \(step.event) at \(String(format: "%.1f", step.seconds))s:\n"
                    for (condition, outcome) in step.conditions { out += "        \(condition) → \(outcome)\n" }
                }
            }
            out += "    produced:\n"
            for intent in verdict.produced { out += "      \(String(format: "%6.1f", intent.at))s  \(intent)\n" }
        }
        let covered = allRules.count - uncoveredRules.count
        out += "coverage: \(covered)/\(allRules.count) rules fired"
        out += uncoveredRules.isEmpty ? "\n" : "; never fired: \(uncoveredRules.joined(separator: ", "))\n"
        out += "rule tests: \(passedCount) passed, \(failedCount) failed\n"
        return out
    }

    func junitXML() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites tests=\"\(entries.count)\" failures=\"\(failedCount)\">\n"
        for (file, cases) in Dictionary(grouping: entries, by: \.file).sorted(by: { $0.key < $1.key }) {
            let failures = cases.count { !$0.passed }
            out += "  <testsuite name=\"\(Self.escape(file))\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
            for entry in cases {
                out += "    <testcase classname=\"\(Self.escape(file))\" name=\"\(Self.escape(entry.caseName))\""
                if entry.passed {
                    out += "/>\n"
                    continue
                }
                let detail =
                    entry.error
                    ?? (entry.verdict.map { verdict in
                        (verdict.missing.map { "missing: \($0.expected)" }
                            + verdict.forbidden.map { "forbidden: \($0.intent)" })
                            .joined(separator: "\n")
                    } ?? "")
                out +=
                    ">\n      <failure message=\"expectations not met\">\(Self.escape(detail))</failure>\n"
                    + "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
