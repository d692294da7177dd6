/// What one test case proved: its expectations checked against the intents the rules produced.
public struct RuleTestVerdict: Sendable {
    public var caseName: String
    public var produced: [ProducedIntent]
    /// Expectations of `expect:` not found in order, each with the nearest intent of the same action.
    public var missing: [(expected: IntentExpectation, nearest: ProducedIntent?)]
    /// Intents that match an `expect_none:` entry.
    public var forbidden: [(expectation: IntentExpectation, intent: ProducedIntent)]
    /// Rules that fired in this case.
    public var firedRules: Set<String>

    public var passed: Bool { missing.isEmpty && forbidden.isEmpty }

    /// Checks `produced` against a case: `expect` must appear in order (others may come between).
    public static func judge(_ testCase: RuleTestCase, produced: [ProducedIntent]) -> RuleTestVerdict {
        var missing: [(IntentExpectation, ProducedIntent?)] = []
        var cursor = 0
        for expectation in testCase.expect {
            if let found = produced[cursor...].firstIndex(where: expectation.matches) {
                cursor = found + 1
            } else {
                let nearest = produced.first { $0.action == expectation.action }
                missing.append((expectation, nearest))
            }
        }
        var forbidden: [(IntentExpectation, ProducedIntent)] = []
        for expectation in testCase.expectNone {
            for intent in produced where expectation.matches(intent) { forbidden.append((expectation, intent)) }
        }
        return RuleTestVerdict(
            caseName: testCase.name,
            produced: produced,
            missing: missing,
            forbidden: forbidden,
            firedRules: Set(produced.map(\.rule))
        )
    }
}
