import TestSupport
import Testing

@testable import RuleDSL

/// Bad input never crashes: random token soup and random mutations of valid expressions are parsed,
/// checked and (when they compile) evaluated; every outcome must be a value, an evaluation error or
/// issues with spans inside the text.
@Suite struct ExpressionRobustnessTests {
    static let fragments = [
        "event", "call", "config", ".", "Queue", "MemberName", "crm", "b24", "call_id", "shown", "vars", "(", ")", "[",
        "]",
        "{", "}", ",", ":", "?", "??", "==", "!=", "<", ">=", "&&", "||", "!", "-", "+", "in", "has", "size", "matches",
        "startsWith", "lookup", "cause_status", "sales_queues", "inbound", "1", "0x", "2.5", "\"s\"", "'x'", "r\"\\d\"",
        "\"\\u12\"", "null", "true", " ", "${", "$${", "\"", "\\", "é", "Продажи", "9223372036854775807", "1e999",
    ]

    private func exercise(_ text: String) {
        let compiler = ExpressionTestEnvironment.compiler
        let length = text.unicodeScalars.count
        let compilation = compiler.compile(text)
        for issue in compilation.issues {
            #expect(issue.span.start >= 0 && issue.span.end <= length, "\(text): \(issue)")
        }
        if let expression = compilation.expression {
            _ = expression.evaluateCondition(ExpressionTestEnvironment.context())
            _ = try? expression.evaluate(ExpressionTestEnvironment.context(.argument))
        }
        let template = compiler.compileTemplate(text)
        for issue in template.issues {
            #expect(issue.span.start >= 0 && issue.span.end <= length, "\(text): \(issue)")
        }
        if let compiled = template.template {
            _ = try? compiled.evaluate(ExpressionTestEnvironment.context(.argument))
        }
    }

    @Test func randomTokenSoup() {
        var random = SplitMix64(seed: 0x5EED)
        for _ in 0..<1_500 {
            let count = Int.random(in: 1...14, using: &random)
            let text = (0..<count).map { _ in Self.fragments.randomElement(using: &random) ?? "" }.joined()
            exercise(text)
        }
    }

    @Test func mutatedValidExpressions() {
        var random = SplitMix64(seed: 42)
        let seeds = ConformanceTable.all.map(\.expression)
        for _ in 0..<1_500 {
            var scalars = Array((seeds.randomElement(using: &random) ?? "").unicodeScalars)
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let position = Int.random(in: 0...scalars.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where position < scalars.count: scalars.remove(at: position)
                case 1:
                    scalars.insert(
                        contentsOf: (Self.fragments.randomElement(using: &random) ?? "").unicodeScalars,
                        at: position
                    )
                default: if position < scalars.count { scalars[position] = "(" }
                }
            }
            exercise(String(String.UnicodeScalarView(scalars)))
        }
    }
}
