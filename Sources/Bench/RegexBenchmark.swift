import Foundation
public import RuleDSL

/// `engine bench regex`: the classic pathological regular expressions (catastrophic backtracking on a
/// backtracking engine) evaluated through a loaded rule set, in both places a pattern can stand: a
/// `match: {CallerIDName|regex: …}` matcher and a `when: event.CallerIDName.matches(…)` condition.
public enum RegexBenchmark {
    /// One pathological pattern, the subject that makes a backtracking engine explore every split, and one
    /// that it matches.
    public struct Case: Sendable {
        /// A slug naming the case (also the rule ids' suffix).
        public var name: String
        /// The pattern, as a rule writes it.
        public var pattern: String
        /// A subject of a given length that the pattern does not match, after trying every way to split it.
        public var miss: @Sendable (Int) -> String
        /// A subject of a given length that the pattern matches.
        public var hit: @Sendable (Int) -> String
    }

    /// The measured time of one case in one place on one subject length.
    public struct Figure: Sendable {
        public var name: String
        public var pattern: String
        /// `|regex` or `matches()`.
        public var place: String
        public var length: Int
        /// Whether the rule fired on the subject the pattern must not match (true would be a wrong answer).
        public var matched: Bool
        public var median: Duration
        public var slowest: Duration
    }

    /// The patterns: nested quantifiers, overlapping alternation, a repeated greedy group, and the
    /// e-mail validator that made a production outage famous.
    public static let cases: [Case] = [
        Case(name: "nested-plus", pattern: "(a+)+$", miss: { run("a", $0 - 1) + "x" }, hit: { run("a", $0) }),
        Case(name: "nested-digits", pattern: #"^(\d+)+$"#, miss: { run("1", $0 - 1) + "x" }, hit: { run("1", $0) }),
        Case(
            name: "overlapping-alternation",
            pattern: "(a|aa)+$",
            miss: { run("a", $0 - 1) + "x" },
            hit: { run("a", $0) }
        ),
        Case(
            name: "repeated-greedy-group",
            pattern: "(.*a){20}",
            miss: { run("a", 10) + run("b", $0 - 10) },
            hit: { run("b", $0 - 20) + run("a", 20) }
        ),
        Case(name: "adjacent-plus", pattern: "(x+x+)+y", miss: { run("x", $0) }, hit: { run("x", $0 - 1) + "y" }),
        Case(name: "star-of-star", pattern: "^(a*)*$", miss: { run("a", $0 - 1) + "!" }, hit: { run("a", $0) }),
        Case(
            name: "email-validator",
            pattern: #"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}"#
                + #"(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$"#,
            miss: { run("a", $0 - 1) + "!" },
            hit: { run("a", $0 - 9) + "@mail.com" }
        ),
    ]

    private static func run(_ character: Character, _ count: Int) -> String {
        String(repeating: character, count: max(count, 0))
    }

    /// The benchmark's rules did not load.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        init(_ description: String) {
            self.description = description
        }
    }

    /// The rules folder text: per case one `|regex` rule and one `matches()` rule.
    public static func rulesText() -> String {
        var text = "version: 1\nrules:\n"
        for item in cases {
            text += """
                  - id: regex-\(item.name)
                    on: Newchannel
                    match: {CallerIDName|regex: '\(item.pattern)'}
                    do: [{log: {message: matched}}]
                  - id: matches-\(item.name)
                    on: Newchannel
                    when: 'event.CallerIDName.matches(r"\(item.pattern)")'
                    do: [{log: {message: matched}}]

                """
        }
        return text
    }

    /// Loads the rules, then evaluates every rule `runs` times per subject length; the median and the
    /// slowest run are reported.
    public static func run(lengths: [Int], runs: Int) throws -> [Figure] {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("switchboard-regex-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try rulesText().write(to: folder.appendingPathComponent("regex.yaml"), atomically: true, encoding: .utf8)
        let loaded = RuleSetLoader.load(paths: [folder.path])
        guard let ruleSet = loaded.ruleSet else {
            throw Failure(DiagnosticFormat.human.render(loaded.report))
        }
        let rules = Dictionary(ruleSet.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let clock = ContinuousClock()
        var figures: [Figure] = []
        for item in cases {
            for length in lengths {
                let context = EvaluationContext(
                    variables: ["event": .map(["CallerIDName": .string(item.miss(length))])]
                )
                for (place, id) in [("|regex", "regex-\(item.name)"), ("matches()", "matches-\(item.name)")] {
                    guard let rule = rules[id] else { throw Failure("rule \(id) did not load") }
                    var times: [Duration] = []
                    var matched = false
                    for _ in 0..<max(runs, 1) {
                        let start = clock.now
                        matched = rule.fires(in: context)
                        times.append(clock.now - start)
                    }
                    times.sort()
                    figures.append(
                        Figure(
                            name: item.name,
                            pattern: item.pattern,
                            place: place,
                            length: length,
                            matched: matched,
                            median: times[times.count / 2],
                            slowest: times[times.count - 1]
                        )
                    )
                }
            }
        }
        return figures
    }
}
