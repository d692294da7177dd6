import Testing

@testable import RuleDSL

@Suite struct MacroCompilerTests {
    let base: TypeEnvironment = {
        var environment = ExpressionTestEnvironment.environment
        environment.macros = [:]
        return environment
    }()

    @Test func macrosCompileInDependencyOrder() throws {
        let result = MacroCompiler.compile(
            [
                // uses a macro defined after it (by name order)
                "sales_call": "inbound && event.Queue in sales_queues",
                "inbound": #"call.direction == "inbound""#,
                "vip": #"sales_call && call.crm.entity_id ?? "" != """#,
            ],
            in: base
        )
        #expect(result.macros.values.allSatisfy { $0.issues.isEmpty })
        let compiler = ExpressionCompiler(environment: result.environment)
        let expression = try #require(compiler.compile("vip || sales_call").expression)
        #expect(expression.references.macros == ["vip", "sales_call"])
        #expect(try expression.evaluate(ExpressionTestEnvironment.context()) == true)
    }

    @Test func cyclesAreReportedAtTheClosingReference() {
        let result = MacroCompiler.compile(
            [
                "a": "b && true",
                "b": "c || false",
                "c": "!a",
                "ok": "true",
            ],
            in: base
        )
        // Visiting in name order: a → b → c → a closes the cycle at `a` inside c's text.
        let issues = result.macros["c"]?.issues ?? []
        #expect(issues.map(\.kind) == [.invalidMacroReference])
        #expect(issues.first?.message == "the macro `c` refers back to itself: a → b → c → a")
        #expect(issues.first?.span == ExpressionSpan(1, 2))
        // The macros depending on the broken one fail with E310 at their reference, not "unknown".
        #expect(result.macros["b"]?.issues.map(\.kind) == [.invalidMacroReference])
        #expect(result.macros["b"]?.issues.first?.span == ExpressionSpan(0, 1))
        #expect(result.macros["ok"]?.expression != nil)
        let use = ExpressionCompiler(environment: result.environment).compile("a || ok")
        #expect(use.issues.map(\.kind) == [.invalidMacroReference])
    }

    @Test func syntaxErrorsAndSelfReference() {
        let result = MacroCompiler.compile(["broken": "call.id ==", "me": "me && true", "user": "broken"], in: base)
        #expect(result.macros["broken"]?.issues.first?.kind == .syntax)
        #expect(result.macros["me"]?.issues.first?.message == "the macro `me` refers back to itself: me → me")
        #expect(result.macros["user"]?.issues.first?.kind == .invalidMacroReference)
    }
}
