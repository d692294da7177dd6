/// Parses expression text into an ``ExpressionNode`` tree (recursive descent).
///
/// Precedence, lowest first: `? :` (right-associative), `||`, `&&`, relations `== != < <= > >= in`,
/// `??`, `+ -`, prefix `! -`, postfix `.name`, `.name(…)`, `[…]`. As in Swift, `??` binds tighter than
/// comparisons, so `event.X ?? "" == "y"` means `(event.X ?? "") == "y"`.
/// Parsing stops at the first syntax error, reported as an ``ExpressionIssue`` of kind `.syntax`.
public struct ExpressionParser {
    /// Deepest syntax tree accepted — nesting of brackets, prefix operators, and chains of infix operators
    /// or member accesses all count — so that hostile input cannot exhaust the stack of the checker or
    /// the evaluator.
    public static let maximumDepth = 128

    private var tokens: [ExpressionToken]
    private var index = 0
    private var depth = 0
    private let textEnd: Int

    /// Parses a whole expression. Offsets in the result count Unicode scalars of `text` from 0.
    public static func parse(_ text: String) throws(ExpressionIssue) -> ExpressionNode {
        let scalars = Array(text.unicodeScalars)
        return try parse(scalars: scalars, start: 0, end: scalars.count)
    }

    /// Parses `scalars[start..<end]`; spans are offsets into `scalars`.
    static func parse(scalars: [Unicode.Scalar], start: Int, end: Int) throws(ExpressionIssue) -> ExpressionNode {
        var lexer = ExpressionLexer(scalars: scalars, start: start, end: end)
        var tokens: [ExpressionToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { break }
        }
        var parser = ExpressionParser(tokens: tokens, textEnd: end)
        if tokens.count == 1 {
            throw ExpressionIssue(.syntax, "the expression is empty", at: ExpressionSpan(start, end))
        }
        let node = try parser.expression()
        let next = parser.current
        if next.kind != .end {
            throw ExpressionIssue(
                .syntax,
                "expected an operator or the end of the expression, found \(next.displayName)",
                at: next.span
            )
        }
        return node
    }

    private init(tokens: [ExpressionToken], textEnd: Int) {
        self.tokens = tokens
        self.textEnd = textEnd
    }

    private var current: ExpressionToken { tokens[index] }

    private mutating func advance() -> ExpressionToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func accept(_ punctuation: ExpressionToken.Punctuation) -> ExpressionToken? {
        if case .punctuation(punctuation) = current.kind { return advance() }
        return nil
    }

    private mutating func nest(at span: ExpressionSpan) throws(ExpressionIssue) {
        depth += 1
        if depth > Self.maximumDepth {
            throw ExpressionIssue(
                .syntax,
                "the expression nests more than \(Self.maximumDepth) levels deep "
                    + "(brackets, `!`, and chains of operators count); split it with macros or use `in`",
                at: span
            )
        }
    }

    /// `or ('?' expression ':' expression)?`
    private mutating func expression() throws(ExpressionIssue) -> ExpressionNode {
        try nest(at: current.span)
        defer { depth -= 1 }
        let condition = try or()
        guard let question = accept(.question) else { return condition }
        let then = try expression()
        guard accept(.colon) != nil else {
            throw ExpressionIssue(
                .syntax,
                "expected `:` for the `? :` conditional, found \(current.displayName)",
                at: current.span,
                notes: [.init("the conditional's `?` is here", at: question.span)]
            )
        }
        let otherwise = try expression()
        return ExpressionNode(.conditional(condition, then, otherwise), condition.span.union(otherwise.span))
    }

    /// The operators of each precedence level handled by ``binaryChain(operators:next:)``, built once
    /// (a dictionary literal in the parsing functions would be allocated for every operand parsed).
    private static let coalesceOperators: [ExpressionToken.Punctuation: ExpressionNode.BinaryOperator] = [
        .coalesce: .coalesce
    ]
    private static let orOperators: [ExpressionToken.Punctuation: ExpressionNode.BinaryOperator] = [.or: .or]
    private static let andOperators: [ExpressionToken.Punctuation: ExpressionNode.BinaryOperator] = [.and: .and]
    private static let additiveOperators: [ExpressionToken.Punctuation: ExpressionNode.BinaryOperator] = [
        .plus: .add, .minus: .subtract,
    ]

    private mutating func coalesce() throws(ExpressionIssue) -> ExpressionNode {
        try binaryChain(operators: Self.coalesceOperators) { parser throws(ExpressionIssue) in try parser.additive() }
    }

    private mutating func or() throws(ExpressionIssue) -> ExpressionNode {
        try binaryChain(operators: Self.orOperators) { parser throws(ExpressionIssue) in try parser.and() }
    }

    private mutating func and() throws(ExpressionIssue) -> ExpressionNode {
        try binaryChain(operators: Self.andOperators) { parser throws(ExpressionIssue) in try parser.relation() }
    }

    private mutating func relation() throws(ExpressionIssue) -> ExpressionNode {
        var left = try coalesce()
        let entryDepth = depth
        defer { depth = entryDepth }
        while true {
            let token = current
            let op: ExpressionNode.BinaryOperator
            switch token.kind {
            case .inKeyword: op = .in
            case .punctuation(.equal): op = .equal
            case .punctuation(.notEqual): op = .notEqual
            case .punctuation(.less): op = .less
            case .punctuation(.lessEqual): op = .lessEqual
            case .punctuation(.greater): op = .greater
            case .punctuation(.greaterEqual): op = .greaterEqual
            default: return left
            }
            _ = advance()
            try nest(at: token.span)
            let right = try operand(after: token) { parser throws(ExpressionIssue) in try parser.coalesce() }
            left = ExpressionNode(.binary(op, left, right, operatorSpan: token.span), left.span.union(right.span))
        }
    }

    private mutating func additive() throws(ExpressionIssue) -> ExpressionNode {
        try binaryChain(operators: Self.additiveOperators) { parser throws(ExpressionIssue) in try parser.unary() }
    }

    private mutating func binaryChain(
        operators: [ExpressionToken.Punctuation: ExpressionNode.BinaryOperator],
        next: (inout ExpressionParser) throws(ExpressionIssue) -> ExpressionNode
    ) throws(ExpressionIssue) -> ExpressionNode {
        var left = try next(&self)
        let entryDepth = depth
        defer { depth = entryDepth }
        while case .punctuation(let punctuation) = current.kind, let op = operators[punctuation] {
            let token = advance()
            try nest(at: token.span)
            let right = try operand(after: token, next)
            left = ExpressionNode(.binary(op, left, right, operatorSpan: token.span), left.span.union(right.span))
        }
        return left
    }

    /// Parses the right operand of an infix operator, with a clearer message when it is missing.
    private mutating func operand(
        after op: ExpressionToken,
        _ next: (inout ExpressionParser) throws(ExpressionIssue) -> ExpressionNode
    ) throws(ExpressionIssue) -> ExpressionNode {
        if current.kind == .end {
            throw ExpressionIssue(
                .syntax,
                "expected an expression after \(op.displayName), found the end of the expression",
                at: ExpressionSpan(op.span.start, op.span.end)
            )
        }
        return try next(&self)
    }

    private mutating func unary() throws(ExpressionIssue) -> ExpressionNode {
        let token = current
        let op: ExpressionNode.UnaryOperator
        switch token.kind {
        case .punctuation(.not): op = .not
        case .punctuation(.minus): op = .negate
        default: return try postfix()
        }
        _ = advance()
        try nest(at: token.span)
        defer { depth -= 1 }
        if op == .negate {
            // Fold `-literal` so that Int.min is expressible and constants stay constants.
            switch current.kind {
            case .int(let value):
                let literal = advance()
                return try postfixTail(ExpressionNode(.literal(.int(-value)), token.span.union(literal.span)))
            case .double(let value):
                let literal = advance()
                let folded: ExpressionNode.Literal =
                    value == 9_223_372_036_854_775_808 ? .int(Int.min) : .double(-value)
                return try postfixTail(ExpressionNode(.literal(folded), token.span.union(literal.span)))
            default: break
            }
        }
        let operand = try operand(after: token) { parser throws(ExpressionIssue) in try parser.unary() }
        return ExpressionNode(.unary(op, operand, operatorSpan: token.span), token.span.union(operand.span))
    }

    private mutating func postfix() throws(ExpressionIssue) -> ExpressionNode {
        try postfixTail(try primary())
    }

    private mutating func postfixTail(_ start: ExpressionNode) throws(ExpressionIssue) -> ExpressionNode {
        var node = start
        let entryDepth = depth
        defer { depth = entryDepth }
        while true {
            if case .punctuation(let next) = current.kind, next == .dot || next == .leftBracket {
                try nest(at: current.span)
            }
            if let dot = accept(.dot) {
                let nameToken = current
                guard case .identifier(let name) = nameToken.kind else {
                    throw ExpressionIssue(
                        .syntax,
                        "expected a field or method name after `.`, found \(nameToken.displayName)",
                        at: nameToken.kind == .end ? dot.span : nameToken.span
                    )
                }
                _ = advance()
                if let open = accept(.leftParen) {
                    let (arguments, close) = try argumentList(open: open, callee: name)
                    node = ExpressionNode(
                        .receiverCall(receiver: node, name: name, nameSpan: nameToken.span, arguments: arguments),
                        node.span.union(close.span)
                    )
                } else {
                    node = ExpressionNode(
                        .member(node, name: name, nameSpan: nameToken.span),
                        node.span.union(nameToken.span)
                    )
                }
            } else if let open = accept(.leftBracket) {
                let key = try expression()
                guard let close = accept(.rightBracket) else {
                    throw unclosed("`]`", "the index", open: open)
                }
                node = ExpressionNode(.index(node, key), node.span.union(close.span))
            } else {
                return node
            }
        }
    }

    private mutating func argumentList(
        open: ExpressionToken,
        callee: String
    ) throws(ExpressionIssue) -> ([ExpressionNode], ExpressionToken) {
        try nest(at: open.span)
        defer { depth -= 1 }
        var arguments: [ExpressionNode] = []
        while true {
            if let close = accept(.rightParen) { return (arguments, close) }
            arguments.append(try expression())
            if let close = accept(.rightParen) { return (arguments, close) }
            guard accept(.comma) != nil else {
                throw unclosed("`)`", "the call to `\(callee)`", open: open, orComma: true)
            }
        }
    }

    private func unclosed(
        _ closer: String,
        _ what: String,
        open: ExpressionToken,
        orComma: Bool = false
    ) -> ExpressionIssue {
        let found = current
        let expected = orComma ? "`,` or \(closer)" : closer
        return ExpressionIssue(
            .syntax,
            "expected \(expected) to close \(what), found \(found.displayName)",
            at: found.kind == .end ? ExpressionSpan(textEnd, textEnd) : found.span,
            notes: [.init("\(what) starts here", at: open.span)]
        )
    }

    private mutating func primary() throws(ExpressionIssue) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .int(let value):
            _ = advance()
            return ExpressionNode(.literal(.int(value)), token.span)
        case .double(let value):
            _ = advance()
            return ExpressionNode(.literal(.double(value)), token.span)
        case .string(let value):
            _ = advance()
            return ExpressionNode(.literal(.string(value)), token.span)
        case .trueKeyword:
            _ = advance()
            return ExpressionNode(.literal(.bool(true)), token.span)
        case .falseKeyword:
            _ = advance()
            return ExpressionNode(.literal(.bool(false)), token.span)
        case .nullKeyword:
            _ = advance()
            return ExpressionNode(.literal(.null), token.span)
        case .identifier(let name):
            _ = advance()
            if let open = accept(.leftParen) {
                let (arguments, close) = try argumentList(open: open, callee: name)
                return ExpressionNode(
                    .call(name: name, nameSpan: token.span, arguments: arguments),
                    token.span.union(close.span)
                )
            }
            return ExpressionNode(.identifier(name), token.span)
        case .punctuation(.leftParen):
            _ = advance()
            let inner = try expression()
            guard accept(.rightParen) != nil else { throw unclosed("`)`", "the parenthesis", open: token) }
            return inner
        case .punctuation(.leftBracket):
            _ = advance()
            try nest(at: token.span)
            defer { depth -= 1 }
            var elements: [ExpressionNode] = []
            while true {
                if let close = accept(.rightBracket) {
                    return ExpressionNode(.list(elements), token.span.union(close.span))
                }
                elements.append(try expression())
                if let close = accept(.rightBracket) {
                    return ExpressionNode(.list(elements), token.span.union(close.span))
                }
                guard accept(.comma) != nil else { throw unclosed("`]`", "the list", open: token, orComma: true) }
            }
        case .punctuation(.leftBrace):
            _ = advance()
            try nest(at: token.span)
            defer { depth -= 1 }
            var entries: [ExpressionNode.MapEntry] = []
            while true {
                if let close = accept(.rightBrace) {
                    return ExpressionNode(.map(entries), token.span.union(close.span))
                }
                let key = try expression()
                guard accept(.colon) != nil else {
                    throw ExpressionIssue(
                        .syntax,
                        "expected `:` after a map key, found \(current.displayName)",
                        at: current.kind == .end ? ExpressionSpan(textEnd, textEnd) : current.span,
                        notes: [.init("the map starts here", at: token.span)]
                    )
                }
                let value = try expression()
                entries.append(ExpressionNode.MapEntry(key: key, value: value))
                if let close = accept(.rightBrace) {
                    return ExpressionNode(.map(entries), token.span.union(close.span))
                }
                guard accept(.comma) != nil else { throw unclosed("`}`", "the map", open: token, orComma: true) }
            }
        case .end:
            throw ExpressionIssue(
                .syntax,
                "expected an expression, found the end of the expression",
                at: ExpressionSpan(textEnd, textEnd)
            )
        default:
            throw ExpressionIssue(.syntax, "expected an expression, found \(token.displayName)", at: token.span)
        }
    }
}
