/// Text with `${expression}` interpolations, as written in action arguments:
/// `"call ${call.id} from ${call.caller}"`.
///
/// - `$${` is a literal `${` (the first `$` escapes the interpolation); any other `$` is literal text.
/// - An interpolation ends at the first `}` that closes it, skipping braces of map literals and
///   braces inside string literals (`${ {"a": "}"}["a"] }` is one interpolation).
/// - A template that is exactly one `${expr}` with no surrounding text (``singleExpression``) keeps the
///   expression's type when evaluated: `${call.shown}` is a list, not its text.
public struct Template: Sendable, Hashable {
    /// A piece of a template.
    public enum Part: Sendable, Hashable {
        /// Literal text (escapes already resolved) and where it is.
        case text(String, ExpressionSpan)
        /// An interpolated expression; the span covers `${` through `}`, the node's own spans the expression.
        case expression(ExpressionNode, ExpressionSpan)
    }

    /// The pieces, in order; adjacent text is merged.
    public var parts: [Part]

    /// The expression when the template is exactly one `${expr}` and nothing else, else nil.
    public var singleExpression: ExpressionNode? {
        if parts.count == 1, case .expression(let node, _) = parts[0] { return node }
        return nil
    }

    /// Whether the template contains no interpolation at all.
    public var isPlainText: Bool {
        parts.allSatisfy { if case .text = $0 { true } else { false } }
    }

    /// Creates a template from parts.
    public init(parts: [Part]) {
        self.parts = parts
    }

    /// Parses template text; spans are Unicode scalar offsets into `text`.
    public static func parse(_ text: String) throws(ExpressionIssue) -> Template {
        let scalars = Array(text.unicodeScalars)
        var parts: [Part] = []
        var literal: [Unicode.Scalar] = []
        var literalStart = 0
        var index = 0

        func flushLiteral(upTo end: Int) {
            if !literal.isEmpty { parts.append(.text(String(scalars: literal), ExpressionSpan(literalStart, end))) }
            literal.removeAll(keepingCapacity: true)
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$", index + 2 < scalars.count, scalars[index + 1] == "$", scalars[index + 2] == "{" {
                if literal.isEmpty { literalStart = index }
                literal.append("$")
                literal.append("{")
                index += 3
                continue
            }
            if scalar == "$", index + 1 < scalars.count, scalars[index + 1] == "{" {
                flushLiteral(upTo: index)
                let open = ExpressionSpan(index, index + 2)
                let close = try closingBrace(scalars, from: index + 2, open: open)
                let node = try interpolation(scalars, open: open, close: close)
                parts.append(.expression(node, ExpressionSpan(index, close + 1)))
                index = close + 1
                literalStart = index
                continue
            }
            if literal.isEmpty { literalStart = index }
            literal.append(scalar)
            index += 1
        }
        flushLiteral(upTo: scalars.count)
        return Template(parts: parts)
    }

    private static func closingBrace(
        _ scalars: [Unicode.Scalar],
        from start: Int,
        open: ExpressionSpan
    ) throws(ExpressionIssue) -> Int {
        var lexer = ExpressionLexer(scalars: scalars, start: start, end: scalars.count)
        var depth = 0
        while true {
            let token = try lexer.next()
            switch token.kind {
            case .punctuation(.leftBrace): depth += 1
            case .punctuation(.rightBrace):
                if depth == 0 { return token.span.start }
                depth -= 1
            case .end:
                throw ExpressionIssue(
                    .syntax,
                    "unterminated interpolation: this `${` is never closed by `}`",
                    at: open,
                    notes: [.init("the text ends here", at: ExpressionSpan(scalars.count, scalars.count))]
                )
            default: break
            }
        }
    }

    private static func interpolation(
        _ scalars: [Unicode.Scalar],
        open: ExpressionSpan,
        close: Int
    ) throws(ExpressionIssue) -> ExpressionNode {
        let isBlank = scalars[open.end..<close].allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        if isBlank {
            throw ExpressionIssue(
                .syntax,
                "the interpolation `${}` is empty",
                at: ExpressionSpan(open.start, close + 1)
            )
        }
        return try ExpressionParser.parse(scalars: scalars, start: open.end, end: close)
    }
}
