import Testing

@testable import RuleDSL

@Suite struct ExpressionConformanceTests {
    @Test func tableIsLargeEnough() {
        #expect(ConformanceTable.all.count >= 80)
    }

    @Test(arguments: ConformanceTable.all)
    func conformance(_ row: ConformanceCase) {
        let compilation = ExpressionTestEnvironment.compiler.compile(row.expression, expecting: row.expecting)
        switch row.expect {
        case .issue(let kind, let start, let end, let suggestion):
            let issue = compilation.issues.first { $0.kind == kind }
            #expect(issue != nil, "expected \(kind), got \(compilation.issues)")
            #expect(issue?.span == ExpressionSpan(start, end), "\(String(describing: issue))")
            if let suggestion { #expect(issue?.suggestion == suggestion) }
            if kind.code.defaultSeverity == .error { #expect(compilation.expression == nil) }
        case .value(let expected):
            guard let expression = compilation.expression else {
                Issue.record("does not compile: \(compilation.issues)")
                return
            }
            var context = ExpressionTestEnvironment.context(row.mode)
            if !row.eventFields.isEmpty, case .map(var fields)? = context.variables["event"] {
                fields.merge(row.eventFields) { _, new in new }
                context.variables["event"] = .map(fields)
            }
            do throws(EvaluationError) {
                let value = try expression.evaluate(context)
                #expect(value == expected)
            } catch {
                Issue.record("evaluation failed: \(error)")
            }
        case .evalError(let kindName):
            guard let expression = compilation.expression else {
                Issue.record("does not compile: \(compilation.issues)")
                return
            }
            do throws(EvaluationError) {
                let value = try expression.evaluate(ExpressionTestEnvironment.context(row.mode))
                Issue.record("expected \(kindName), got \(value)")
            } catch {
                #expect(error.kindName == kindName, "\(error)")
            }
        }
    }
}
