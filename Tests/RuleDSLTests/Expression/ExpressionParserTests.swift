import Testing

@testable import RuleDSL

@Suite struct ExpressionParserTests {
    private func parse(_ text: String) throws -> ExpressionNode {
        try ExpressionParser.parse(text)
    }

    private func syntaxError(_ text: String) -> ExpressionIssue? {
        do {
            _ = try ExpressionParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func precedenceAndSpans() throws {
        // a || b && c == d  →  a || (b && (c == d))
        let node = try parse("a || b && c == d")
        guard case .binary(.or, let left, let right, let orSpan) = node.kind else {
            Issue.record("expected ||, got \(node.kind)")
            return
        }
        #expect(left.kind == .identifier("a"))
        #expect(orSpan == ExpressionSpan(2, 4))
        guard case .binary(.and, _, let comparison, _) = right.kind else {
            Issue.record("expected &&, got \(right.kind)")
            return
        }
        guard case .binary(.equal, _, _, let equalSpan) = comparison.kind else {
            Issue.record("expected ==, got \(comparison.kind)")
            return
        }
        #expect(equalSpan == ExpressionSpan(12, 14))
        #expect(comparison.span == ExpressionSpan(10, 16))
        #expect(node.span == ExpressionSpan(0, 16))
    }

    @Test func conditionalIsLowestAndRightAssociative() throws {
        let node = try parse("a || b ? c : d ? e : f")
        guard case .conditional(let condition, _, let otherwise) = node.kind else {
            Issue.record("expected ?:, got \(node.kind)")
            return
        }
        guard case .binary(.or, _, _, _) = condition.kind else {
            Issue.record("expected || in the condition")
            return
        }
        guard case .conditional = otherwise.kind else {
            Issue.record("expected a nested ?: in the else branch")
            return
        }
    }

    @Test func coalesceBindsTighterThanComparisonsLooserThanPlus() throws {
        // a ?? "" == "y"  →  (a ?? "") == "y"
        guard case .binary(.equal, let left, _, _) = try parse(#"a ?? "" == "y""#).kind,
            case .binary(.coalesce, _, _, _) = left.kind
        else {
            Issue.record("?? should bind tighter than ==")
            return
        }
        // a ?? b + c  →  a ?? (b + c)
        guard case .binary(.coalesce, _, let right, _) = try parse("a ?? b + c").kind,
            case .binary(.add, _, _, _) = right.kind
        else {
            Issue.record("+ should bind tighter than ??")
            return
        }
    }

    @Test func memberCallsAndIndexKeepNameSpans() throws {
        let node = try parse(#"event.Channel.startsWith("PJSIP/")[0]"#)
        guard case .index(let call, let key) = node.kind,
            case .receiverCall(let receiver, "startsWith", let nameSpan, let arguments) = call.kind,
            case .member(_, "Channel", let memberSpan) = receiver.kind
        else {
            Issue.record("unexpected shape \(node.kind)")
            return
        }
        #expect(memberSpan == ExpressionSpan(6, 13))
        #expect(nameSpan == ExpressionSpan(14, 24))
        #expect(arguments.count == 1)
        #expect(arguments[0].span == ExpressionSpan(25, 33))
        #expect(key.kind == .literal(.int(0)))
        #expect(receiver.path == "event.Channel")
    }

    @Test func offsetsCountUnicodeScalarsNotBytes() throws {
        // "Продажи" is 7 scalars but 14 UTF-8 bytes; the field after it must start at 14 scalars.
        let node = try parse(#""Продажи" == event.Queue"#)
        guard case .binary(.equal, let left, let right, let op) = node.kind else {
            Issue.record("expected ==")
            return
        }
        #expect(left.span == ExpressionSpan(0, 9))
        #expect(op == ExpressionSpan(10, 12))
        #expect(right.span == ExpressionSpan(13, 24))
    }

    @Test func literals() throws {
        #expect(syntaxError("'it''s'")?.span == ExpressionSpan(4, 7))  // adjacent strings are not one literal
        #expect(try parse(#""a\"b""#).kind == .literal(.string("a\"b")))
        #expect(try parse(#"'\x41\u0042\U00000043'"#).kind == .literal(.string("ABC")))
        #expect(try parse("1e3").kind == .literal(.double(1000)))
        #expect(try parse("[]").kind == .list([]))
        #expect(try parse("{}").kind == .map([]))
        #expect(
            try parse("[1, 2,]").kind
                == .list([
                    ExpressionNode(.literal(.int(1)), ExpressionSpan(1, 2)),
                    ExpressionNode(.literal(.int(2)), ExpressionSpan(4, 5)),
                ])
        )
    }

    @Test func unclosedCallPointsAtTheEndAndNotesTheOpening() {
        let issue = syntaxError("has(event.Queue")
        #expect(issue?.message == "expected `,` or `)` to close the call to `has`, found the end of the expression")
        #expect(issue?.span == ExpressionSpan(15, 15))
        #expect(issue?.notes == [ExpressionIssue.Note("the call to `has` starts here", at: ExpressionSpan(3, 4))])
    }

    @Test func unterminatedStringNotesItsStart() {
        let issue = syntaxError("event.Queue == 'sales")
        #expect(issue?.message == "unterminated string: expected a closing `'`")
        #expect(issue?.span == ExpressionSpan(15, 21))
        #expect(issue?.notes.first?.span == ExpressionSpan(15, 16))
    }

    @Test func syntaxMessages() {
        #expect(syntaxError("")?.message == "the expression is empty")
        #expect(syntaxError("a & b")?.message == "`&` is not an operator; write `&&` for “and”")
        #expect(
            syntaxError("a ? b")?.message == "expected `:` for the `? :` conditional, found the end of the expression"
        )
        #expect(syntaxError("(a")?.message == "expected `)` to close the parenthesis, found the end of the expression")
        #expect(syntaxError("99999999999999999999")?.span == ExpressionSpan(0, 20))
        #expect(
            syntaxError("12abc")?.message
                == "a number is directly followed by letters; a name cannot start with a digit"
        )
        #expect(syntaxError("a.1")?.message == "expected a field or method name after `.`, found the number `1`")
        #expect(syntaxError("{\"a\" 1}")?.message == "expected `:` after a map key, found the number `1`")
        #expect(syntaxError("#")?.message == "unexpected character `#`")
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        let issue = syntaxError(deep)
        #expect(issue?.kind == .syntax)
        #expect(issue?.message.contains("nests more than") == true)
        let bangs = String(repeating: "!", count: 10_000) + "true"
        #expect(syntaxError(bangs)?.kind == .syntax)
        let chain = (0..<5_000).map { "a == \($0)" }.joined(separator: " || ")
        #expect(syntaxError(chain)?.kind == .syntax)
        let members = "a" + String(repeating: ".b", count: 5_000)
        #expect(syntaxError(members)?.kind == .syntax)
        // Within the limit, nesting and chains are fine.
        #expect((try? parse((0..<100).map { "a == \($0)" }.joined(separator: " || "))) != nil)
        #expect((try? parse(String(repeating: "(", count: 30) + "1" + String(repeating: ")", count: 30))) != nil)
    }

    @Test func rawStringsKeepBackslashes() throws {
        #expect(try parse(#"r'^\d{3}$'"#).kind == .literal(.string(#"^\d{3}$"#)))
    }
}
