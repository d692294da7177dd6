import Testing

@testable import RuleDSL

@Suite struct ExpressionCheckerTests {
    let compiler = ExpressionTestEnvironment.compiler

    private func warnings(_ text: String) -> [ExpressionIssue] {
        compiler.compile(text).issues.filter { $0.kind == .unguardedOptionalField }
    }

    @Test func guardedOptionalFieldsEarnNoWarning() {
        #expect(warnings(#"has(event.MemberName) && event.MemberName == "x""#).isEmpty)
        #expect(warnings(#"!has(event.MemberName) || event.MemberName == "x""#).isEmpty)
        #expect(warnings(#"has(event.MemberName) ? event.MemberName : "none""#).isEmpty)
        #expect(warnings(#"!has(event.MemberName) ? "none" : event.MemberName"#).isEmpty)
        #expect(warnings(#"event.MemberName ?? "none""#).isEmpty)
        #expect(warnings(#"has(event["MemberName"]) && event["MemberName"] == "x""#).isEmpty)
        #expect(warnings(#"call.shown.exists(u, has(event.MemberName) && u == event.MemberName)"#).isEmpty)
        #expect(warnings(#"has_member && event.MemberName == "x""#).isEmpty)  // the guard comes from a macro
        #expect(
            warnings(#"has(call.crm.responsible) && has(event.MemberName) && event.MemberName == call.crm.responsible"#)
                .isEmpty
        )
    }

    @Test func unguardedOptionalFieldsWarnAtTheField() {
        let found = warnings(#"event.Queue == "a" && event.MemberName == "x""#)
        #expect(found.map(\.span) == [ExpressionSpan(28, 38)])
        #expect(
            found.first?.message
                == "`event.MemberName` may be absent; guard it with `has(event.MemberName)` or give a default with `??`"
        )
        // A guard on one branch does not cover the other.
        #expect(warnings(#"has(event.MemberName) ? "x" : event.MemberName"#).count == 1)
        // `||` does not guard its right side with a positive has().
        #expect(warnings(#"has(event.MemberName) || event.MemberName == "x""#).count == 1)
        // A warning does not stop compilation.
        #expect(compiler.compile(#"event.MemberName == "x""#).expression != nil)
        // The left side of `??` absorbs an absent read anywhere inside it, also in a function's argument.
        #expect(warnings(#"lower(event.MemberName) ?? "nobody""#).isEmpty)
        #expect(warnings(#"lower(event.MemberName)"#).count == 1)
    }

    @Test func assumedPresentFieldsNeedNoGuard() {
        var assuming = compiler
        assuming.assumedPresent = ["event.MemberName"]
        #expect(
            assuming.compile(#"event.MemberName == "x""#).issues.filter { $0.kind == .unguardedOptionalField }.isEmpty
        )
    }

    @Test func everyIndependentErrorIsReportedOnce() {
        let issues = compiler.compile(#"evnt.Queue == "a" && event.Queu == "b" && sise(call.id) > 0"#).issues
        #expect(issues.map(\.kind) == [.unknownVariable, .unknownField, .unknownFunction])
        #expect(issues.map(\.suggestion) == ["event", "Queue", "size"])
    }

    @Test func types() {
        func type(_ text: String) -> ExpressionType? { compiler.compile(text).expression?.type }
        #expect(type("event.Queue") == .string)
        #expect(type("call.shown") == .list(.string))
        #expect(type("call.vars.a") == .dyn)
        #expect(type("config.anything_at_all") == .dyn)  // config is an open schema
        #expect(type("lookup(cause_status, 16)") == .string)
        #expect(type("cause_status") == .map(key: .string, value: .string))
        #expect(type("call.crm.responsible ?? 1") == .dyn)
        #expect(type("call.talk_seconds + 0.5") == .double)
        #expect(type("[1, 2.5]") == .list(.double))
        #expect(type("true ? call.crm : null") == .object(ExpressionTestEnvironment.crmSchema))
        #expect(type(#"event["Queue"]"#) == .string)
        #expect(type("sales_queues") == .list(.string))
        #expect(type("inbound") == .bool)
    }

    @Test func references() throws {
        let expression = try #require(
            compiler.compile(
                #"inbound && event.Queue in sales_queues && lookup(cause_status, event.Cause) != "x" "#
                    + #"&& has(call.crm.entity_id)"#
            ).expression
        )
        let references = expression.references
        #expect(references.variables == ["event", "call"])
        #expect(references.fieldPaths == ["event.Queue", "event.Cause", "call.crm", "call.crm.entity_id"])
        #expect(references.lists == ["sales_queues"])
        #expect(references.maps == ["cause_status"])
        #expect(references.macros == ["inbound"])
        #expect(references.functions == ["lookup", "has"])
    }

    @Test func constantsAreFolded() throws {
        #expect(compiler.compile("[1, 2]").expression?.constantValue == [1, 2])
        #expect(compiler.compile("sales_queues").expression?.constantValue == ["sales", "sales-vip"])
        #expect(compiler.compile("!false").expression?.constantValue == true)
        #expect(compiler.compile("event.Queue").expression?.constantValue == nil)
    }

    @Test func conditionOutcomes() throws {
        let context = ExpressionTestEnvironment.context(.argument)  // evaluateCondition forces condition mode
        #expect(
            try #require(compiler.compile(#"event.Queue == "sales""#).expression).evaluateCondition(context)
                == .satisfied
        )
        #expect(
            try #require(compiler.compile(#"event.Queue == "x""#).expression).evaluateCondition(context)
                == .notSatisfied
        )
        #expect(
            try #require(compiler.compile(#"call.b24.call_id == "x""#).expression).evaluateCondition(context)
                == .failed(.absent("call.b24"))
        )
        #expect(
            try #require(compiler.compile("call.vars.a").expression).evaluateCondition(context)
                == .failed(.typeMismatch("the condition gave an int, not a bool"))
        )
    }

    @Test func diagnosticMapping() throws {
        // The expression sits at line 7, column 11 of a file (as in `    when: event.Queu == "x"`).
        let issue = try #require(compiler.compile(#"event.Queu == "x""#).issues.first)
        let diagnostic = issue.diagnostic(file: "rules/sales.yaml") { offset in
            SourcePosition(line: 7, column: 11 + offset)
        }
        #expect(diagnostic.code == .expressionUnknownField)
        #expect(diagnostic.code.id == "E303")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.range == SourceRange(file: "rules/sales.yaml", line: 7, column: 17, length: 4))
        #expect(diagnostic.message == "event(AgentConnect) has no field `Queu`")
        #expect(diagnostic.suggestion == "did you mean `Queue`?")

        let syntax = try #require(compiler.compile("has(event.Queue").issues.first)
        let mapped = syntax.diagnostic(file: "f.yaml") { SourcePosition(line: 1, column: 1 + $0) }
        #expect(
            mapped.notes == [
                Diagnostic.Note("the call to `has` starts here", at: SourceRange(file: "f.yaml", line: 1, column: 4))
            ]
        )
    }

    @Test func everyIssueKindHasADistinctCode() {
        let codes = ExpressionIssue.Kind.allCases.map(\.code)
        #expect(Set(codes.map(\.id)).count == codes.count)
        #expect(Set(codes.map(\.name)).count == codes.count)
        for code in codes {
            #expect(code.id.dropFirst().hasPrefix("3"))
            #expect((code.id.first == "E") == (code.defaultSeverity == .error))
            #expect(!code.explanation.isEmpty)
            // Whatever the catalog holds, no other code may share this id or name.
            let clashes = DiagnosticCatalog.all.filter {
                ($0.id == code.id) != ($0.name == code.name) || ($0.id == code.id && $0.summary != code.summary)
            }
            #expect(clashes.isEmpty, "\(code.id) clashes with \(clashes)")
        }
    }

    @Test func macroResolverIsCalledAndCyclesReportOnce() {
        var environment = ExpressionTestEnvironment.environment
        let base = ExpressionCompiler(environment: environment)
        environment.macros["answered"] = .resolver { name in
            name == "answered" ? base.compile("call.answered").expression : nil
        }
        environment.macros["loop"] = .resolver { _ in nil }
        let compiler = ExpressionCompiler(environment: environment)
        #expect(compiler.compile("answered && inbound").expression?.type == .bool)
        let issues = compiler.compile("loop || answered").issues
        #expect(issues.map(\.kind) == [.invalidMacroReference])
        #expect(issues.first?.span == ExpressionSpan(0, 4))
    }

    @Test func customFunctionsAndBindings() throws {
        var environment = ExpressionTestEnvironment.environment
        environment.functions.register(
            FunctionOverload(
                "queue_weight",
                parameters: [.string],
                result: .int,
                summary: "test",
                implementation: .unary { (value) throws(EvaluationError) in
                    guard case .string(let name) = value else { throw .typeMismatch("string") }
                    return .int(name.count)
                }
            )
        )
        environment.functions.register(
            FunctionOverload(
                "crm_lookup",
                parameters: [.string],
                result: .string,
                summary: "bound",
                implementation: .bound("crm_lookup")
            )
        )
        let compiler = ExpressionCompiler(environment: environment)
        let weight = try #require(compiler.compile("queue_weight(event.Queue) == 5").expression)
        #expect(try weight.evaluate(ExpressionTestEnvironment.context()) == true)

        let bound = try #require(compiler.compile("crm_lookup(call.caller)").expression)
        #expect(throws: EvaluationError.unboundFunction("crm_lookup")) {
            try bound.evaluate(ExpressionTestEnvironment.context())
        }
        var context = ExpressionTestEnvironment.context()
        context.functions["crm_lookup"] = { (arguments) throws(EvaluationError) in
            guard case .string(let phone)? = arguments.first else { throw .typeMismatch("string") }
            return .string("contact-" + phone)
        }
        #expect(try bound.evaluate(context) == "contact-79161234567")
    }

    @Test func evaluationIsSafeFromManyTasks() async throws {
        let expression = try #require(
            compiler.compile(
                #"has(event.Queue) && event.Queue in sales_queues && normalize_phone(event.CallerIDNum) == call.caller"#
            ).expression
        )
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<200).allSatisfy { _ in
                        expression.evaluateCondition(ExpressionTestEnvironment.context()) == .satisfied
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: true, count: 8))
    }
}
