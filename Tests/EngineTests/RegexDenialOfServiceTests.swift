import Bench
import Engine
import RuleDSL
import Testing

/// Item 2 of the hardening issue, regex denial of service: the classic catastrophic-backtracking patterns,
/// in both places a rule can hold a pattern (`|regex` and `matches()`), give the true answer on 40- and
/// 4,000-character subjects. On ICU's backtracking engine the misses on 4,000 characters never finished,
/// and on 40 took seconds; RE2 answers in linear time (their speed is `engine bench regex`, not a test).
@Suite struct RegexDenialOfServiceTests {
    static let ruleSet: Result<CompiledRuleSet, any Error> = Result {
        try TemporaryRules.compile(["regex.yaml": RegexBenchmark.rulesText()])
    }

    @Test(arguments: RegexBenchmark.cases.map(\.name), [40, 4_000])
    func regexDenialOfServicePatternGivesTheTrueAnswerInBothPlaces(name: String, length: Int) throws {
        let rules = try Self.ruleSet.get()
        let item = try #require(RegexBenchmark.cases.first { $0.name == name })
        for id in ["regex-\(name)", "matches-\(name)"] {
            let rule = try #require(rules.rules.first { $0.id == id })
            #expect(!rule.fires(in: Self.context(item.miss(length))), "\(id) on a \(length)-character miss")
            #expect(rule.fires(in: Self.context(item.hit(length))), "\(id) on a \(length)-character hit")
        }
    }

    @Test func regexDenialOfServiceBackreferencesDoNotLoad() {
        let rules = """
            version: 1
            rules:
              - id: repeated-digit
                on: Newchannel
                match: {CallerIDNum|regex: '^(\\d)\\1$'}
                do: [{log: {message: repeated}}]
            """
        #expect(throws: TemporaryRules.DoNotLoad.self) { try TemporaryRules.compile(["a.yaml": rules]) }
    }

    @Test func regexDenialOfServiceComputedPatternIsAnError() throws {
        let rules = """
            version: 1
            rules:
              - id: computed
                on: Newchannel
                when: event.CallerIDNum.matches(event.Exten)
                do: [{log: {message: computed}}]
            """
        let error = try #require(throws: TemporaryRules.DoNotLoad.self) {
            try TemporaryRules.compile(["a.yaml": rules])
        }
        #expect(error.report.contains("E313"))
    }

    @Test func regexDenialOfServiceOversizedPatternIsRefusedWithItsReason() {
        // Three thousand copies of every Unicode letter: more than the memory a pattern may use.
        guard case .failure(let error) = RegexPattern.compile(#"\pL{1000}\pL{1000}\pL{1000}"#) else {
            Issue.record("a pattern needing more than \(RegexPattern.memoryLimit) bytes compiled")
            return
        }
        #expect(error.description.contains("pattern too large"))
        // Nested counted repetition beyond RE2's limit of 1,000 is refused as well, with its own reason.
        guard case .failure(let nested) = RegexPattern.compile("((a{100}){100})") else {
            Issue.record("a repetition of 10,000 compiled")
            return
        }
        #expect(nested.description.contains("invalid repetition size"))
    }

    @Test func regexDenialOfServiceSubjectsWithNULAndNonASCIIMatchByCharacter() throws {
        let pattern = try RegexPattern.compile("^a.b$").get()
        #expect(pattern.matches("a\u{0}b"))
        #expect(pattern.matches("aжb"))
        #expect(!pattern.matches("a\nb"))
    }

    static func context(_ subject: String) -> EvaluationContext {
        EvaluationContext(variables: ["event": .map(["CallerIDName": .string(subject), "CallerIDNum": "1"])])
    }
}
