import Testing

@testable import RuleDSL

@Suite struct TemplateTests {
    let compiler = ExpressionTestEnvironment.compiler

    @Test func partsAndOffsets() throws {
        let template = try Template.parse("call ${call.id} from ${call.caller}")
        #expect(template.parts.count == 4)
        guard case .text("call ", let first) = template.parts[0],
            case .expression(let node, let interpolation) = template.parts[1],
            case .text(" from ", _) = template.parts[2]
        else {
            Issue.record("unexpected parts \(template.parts)")
            return
        }
        #expect(first == ExpressionSpan(0, 5))
        #expect(interpolation == ExpressionSpan(5, 15))
        #expect(node.span == ExpressionSpan(7, 14))
        #expect(node.path == "call.id")
        #expect(template.singleExpression == nil)
    }

    @Test func textInterpolation() throws {
        let compiled = try #require(
            compiler.compileTemplate("call ${call.id} from ${call.caller}, ${call.talk_seconds}s").template
        )
        #expect(compiled.type == .string)
        let value = try compiled.evaluate(ExpressionTestEnvironment.context(.argument))
        #expect(value == "call 1700000000.1 from 79161234567, 42s")
    }

    @Test func singleExpressionKeepsItsType() throws {
        let compiled = try #require(compiler.compileTemplate("${call.shown}").template)
        #expect(compiled.type == .list(.string))
        #expect(try compiled.evaluate(ExpressionTestEnvironment.context(.argument)) == ["1", "5"])
        let number = try #require(compiler.compileTemplate("${call.talk_seconds}").template)
        #expect(number.type == .int)
        #expect(try number.evaluate(ExpressionTestEnvironment.context()) == 42)
        // Surrounding text, even a space, makes it text.
        let text = try #require(compiler.compileTemplate(" ${call.talk_seconds}").template)
        #expect(text.type == .string)
    }

    @Test func escapesAndBraces() throws {
        let template = try Template.parse("cost ${call.id}$ and $${literal} $5")
        #expect(template.parts.count == 3)
        let compiled = try #require(compiler.compile(template).template)
        #expect(try compiled.evaluate(ExpressionTestEnvironment.context()) == "cost 1700000000.1$ and ${literal} $5")
        // `$${` is always a literal `${`, scanning left to right.
        #expect(try Template.parse("$$${x}").parts == [.text("$${x}", ExpressionSpan(0, 6))])
        let braces = try #require(compiler.compileTemplate(#"${ {"a": "}"}["a"] }"#).template)
        #expect(try braces.evaluate(ExpressionTestEnvironment.context()) == "}")
        #expect(try Template.parse("plain text").isPlainText)
    }

    @Test func deferredTravelsInArguments() throws {
        let reference = DeferredReference(["call", "b24", "call_id"])
        let single = try #require(compiler.compileTemplate("${call.b24.call_id}").template)
        #expect(try single.evaluate(ExpressionTestEnvironment.context(.argument)) == .deferred(.reference(reference)))

        let text = try #require(compiler.compileTemplate("id=${call.b24.call_id} by ${call.caller}").template)
        let value = try text.evaluate(ExpressionTestEnvironment.context(.argument))
        #expect(value == .deferred(.concatenation(["id=", .deferred(.reference(reference)), " by 79161234567"])))
        #expect(value.containsDeferred)

        // The executor resolves once the result has landed …
        let resolved = value.resolvingDeferred { $0 == reference ? "CID-1" : nil }
        #expect(resolved == "id=CID-1 by 79161234567")
        // … and gets nil while it has not.
        #expect(value.resolvingDeferred { _ in nil } == nil)

        // Lists and maps holding deferred values resolve element-wise.
        let users: Value = ["call": .deferred(.reference(reference)), "users": ["7"]]
        #expect(users.resolvingDeferred { _ in "CID-2" } == ["call": "CID-2", "users": ["7"]])

        // In a condition the same template reads as absent.
        #expect(throws: EvaluationError.absent("call.b24")) {
            try text.evaluate(ExpressionTestEnvironment.context(.condition))
        }
    }

    @Test func errorsPointIntoTheTemplate() {
        let unknown = compiler.compileTemplate("hello ${call.idd}")
        #expect(unknown.template == nil)
        #expect(unknown.issues.first?.kind == .unknownField)
        #expect(unknown.issues.first?.span == ExpressionSpan(13, 16))
        #expect(unknown.issues.first?.suggestion == "id")

        let unterminated = compiler.compileTemplate("x ${call.id")
        #expect(unterminated.issues.first?.kind == .syntax)
        // The unclosed `${` is the error; the note marks where the text ends.
        #expect(unterminated.issues.first?.span == ExpressionSpan(2, 4))
        #expect(unterminated.issues.first?.notes.first?.span == ExpressionSpan(11, 11))

        let empty = compiler.compileTemplate("a ${ } b")
        #expect(empty.issues.first?.message == "the interpolation `${}` is empty")
        #expect(empty.issues.first?.span == ExpressionSpan(2, 6))

        let list = compiler.compileTemplate("shown: ${call.shown}")
        #expect(list.issues.first?.kind == .wrongResultType)
        #expect(list.issues.first?.span == ExpressionSpan(9, 19))

        let wrongType = compiler.compileTemplate("${call.talk_seconds}", expecting: .string)
        #expect(wrongType.issues.first?.kind == .wrongResultType)
        // A single-expression template's type error points at the expression inside `${…}`.
        #expect(wrongType.issues.first?.span == ExpressionSpan(2, 19))

        let syntax = compiler.compileTemplate("${call.id +}")
        #expect(syntax.issues.first?.span == ExpressionSpan(10, 11))
    }
}
