/// Splits expression text into tokens. Works on an array of Unicode scalars so that every token's
/// span is a pair of scalar offsets; `start..<end` may be a slice of a larger template text, in which
/// case spans are offsets into the whole text.
struct ExpressionLexer {
    let scalars: [Unicode.Scalar]
    private(set) var position: Int
    let end: Int

    init(scalars: [Unicode.Scalar], start: Int, end: Int) {
        self.scalars = scalars
        self.position = start
        self.end = end
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let index = position + ahead
        return index < end ? scalars[index] : nil
    }

    /// Reads the next token; at the end of the text returns `.end` (repeatedly).
    mutating func next() throws(ExpressionIssue) -> ExpressionToken {
        while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            position += 1
        }
        let start = position
        guard let scalar = peek() else { return ExpressionToken(kind: .end, span: ExpressionSpan(start, start)) }

        if scalar.isIdentifierStart {
            if scalar == "r" || scalar == "R", let quote = peek(1), quote == "\"" || quote == "'" {
                position += 1
                return try string(quote: quote, start: start, raw: true)
            }
            while let next = peek(), next.isIdentifierPart { position += 1 }
            let name = String(scalars: scalars[start..<position])
            let kind: ExpressionToken.Kind =
                switch name {
                case "true": .trueKeyword
                case "false": .falseKeyword
                case "null": .nullKeyword
                case "in": .inKeyword
                default: .identifier(name)
                }
            return ExpressionToken(kind: kind, span: ExpressionSpan(start, position))
        }
        if scalar.isDecimalDigit { return try number(start: start) }
        if scalar == "\"" || scalar == "'" { return try string(quote: scalar, start: start, raw: false) }
        return try punctuation(scalar, start: start)
    }

    private mutating func punctuation(_ scalar: Unicode.Scalar, start: Int) throws(ExpressionIssue) -> ExpressionToken {
        typealias P = ExpressionToken.Punctuation
        let second = peek(1)
        let punctuation: P
        var length = 1
        switch scalar {
        case "(": punctuation = .leftParen
        case ")": punctuation = .rightParen
        case "[": punctuation = .leftBracket
        case "]": punctuation = .rightBracket
        case "{": punctuation = .leftBrace
        case "}": punctuation = .rightBrace
        case ".": punctuation = .dot
        case ",": punctuation = .comma
        case ":": punctuation = .colon
        case "+": punctuation = .plus
        case "-": punctuation = .minus
        case "?":
            if second == "?" {
                punctuation = .coalesce
                length = 2
            } else {
                punctuation = .question
            }
        case "=":
            guard second == "=" else {
                throw ExpressionIssue(
                    .syntax,
                    "`=` is not an operator; write `==` to compare",
                    at: ExpressionSpan(start, start + 1)
                )
            }
            punctuation = .equal
            length = 2
        case "!":
            if second == "=" {
                punctuation = .notEqual
                length = 2
            } else {
                punctuation = .not
            }
        case "<":
            if second == "=" {
                punctuation = .lessEqual
                length = 2
            } else {
                punctuation = .less
            }
        case ">":
            if second == "=" {
                punctuation = .greaterEqual
                length = 2
            } else {
                punctuation = .greater
            }
        case "&":
            guard second == "&" else {
                throw ExpressionIssue(
                    .syntax,
                    "`&` is not an operator; write `&&` for “and”",
                    at: ExpressionSpan(start, start + 1)
                )
            }
            punctuation = .and
            length = 2
        case "|":
            guard second == "|" else {
                throw ExpressionIssue(
                    .syntax,
                    "`|` is not an operator; write `||` for “or”",
                    at: ExpressionSpan(start, start + 1)
                )
            }
            punctuation = .or
            length = 2
        case "*", "/", "%":
            throw ExpressionIssue(
                .syntax,
                "the operator `\(scalar)` is not supported; expressions have only `+` and `-` arithmetic",
                at: ExpressionSpan(start, start + 1)
            )
        default:
            let shown =
                scalar.properties.isWhitespace || scalar.value < 0x20
                ? "U+\(String(scalar.value, radix: 16, uppercase: true))" : "`\(scalar)`"
            throw ExpressionIssue(.syntax, "unexpected character \(shown)", at: ExpressionSpan(start, start + 1))
        }
        position += length
        return ExpressionToken(kind: .punctuation(punctuation), span: ExpressionSpan(start, position))
    }

    private mutating func number(start: Int) throws(ExpressionIssue) -> ExpressionToken {
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            position += 2
            var value: UInt64 = 0
            var digits = 0
            while let digit = peek(), let v = digit.hexValue {
                let (shifted, overflow) = value.multipliedReportingOverflow(by: 16)
                guard !overflow else { throw tooLarge(start) }
                value = shifted + UInt64(v)
                digits += 1
                position += 1
            }
            guard digits > 0 else {
                throw ExpressionIssue(
                    .syntax,
                    "expected hexadecimal digits after `0x`",
                    at: ExpressionSpan(start, position)
                )
            }
            guard value <= UInt64(Int.max) else { throw tooLarge(start) }
            try rejectIdentifierTail(start: start)
            return ExpressionToken(kind: .int(Int(value)), span: ExpressionSpan(start, position))
        }
        while let digit = peek(), digit.isDecimalDigit { position += 1 }
        var isDouble = false
        if peek() == ".", let after = peek(1), after.isDecimalDigit {
            isDouble = true
            position += 1
            while let digit = peek(), digit.isDecimalDigit { position += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            var look = 1
            if let sign = peek(1), sign == "+" || sign == "-" { look = 2 }
            if let digit = peek(look), digit.isDecimalDigit {
                isDouble = true
                position += look
                while let digit = peek(), digit.isDecimalDigit { position += 1 }
            }
        }
        try rejectIdentifierTail(start: start)
        let text = String(scalars: scalars[start..<position])
        let span = ExpressionSpan(start, position)
        if isDouble {
            guard let value = Double(text), value.isFinite else {
                throw ExpressionIssue(.syntax, "the number `\(text)` is out of range", at: span)
            }
            return ExpressionToken(kind: .double(value), span: span)
        }
        guard let value = Int(text) else {
            // Int.min has no positive counterpart; the parser folds `-` into a literal it can represent.
            if text == "9223372036854775808" {
                return ExpressionToken(kind: .double(9_223_372_036_854_775_808), span: span)
            }
            throw tooLarge(start)
        }
        return ExpressionToken(kind: .int(value), span: span)
    }

    private func tooLarge(_ start: Int) -> ExpressionIssue {
        var stop = position
        while stop < end, scalars[stop].isIdentifierPart { stop += 1 }
        return ExpressionIssue(
            .syntax,
            "the integer literal is too large (the range is ±9223372036854775807)",
            at: ExpressionSpan(start, stop)
        )
    }

    private mutating func rejectIdentifierTail(start: Int) throws(ExpressionIssue) {
        guard let next = peek(), next.isIdentifierPart else { return }
        var stop = position
        while stop < end, scalars[stop].isIdentifierPart { stop += 1 }
        throw ExpressionIssue(
            .syntax,
            "a number is directly followed by letters; a name cannot start with a digit",
            at: ExpressionSpan(start, stop)
        )
    }

    private mutating func string(
        quote: Unicode.Scalar,
        start: Int,
        raw: Bool
    ) throws(ExpressionIssue) -> ExpressionToken {
        position += 1  // opening quote
        var text: [Unicode.Scalar] = []
        while true {
            guard let scalar = peek(), scalar != "\n" else {
                throw ExpressionIssue(
                    .syntax,
                    "unterminated string: expected a closing \(quote == "\"" ? "`\"`" : "`'`")",
                    at: ExpressionSpan(start, position),
                    notes: [.init("the string starts here", at: ExpressionSpan(start, start + 1))]
                )
            }
            if scalar == quote {
                position += 1
                return ExpressionToken(kind: .string(String(scalars: text)), span: ExpressionSpan(start, position))
            }
            if scalar == "\\" && !raw {
                text.append(try escape())
            } else {
                text.append(scalar)
                position += 1
            }
        }
    }

    /// Reads one escape sequence starting at the backslash.
    private mutating func escape() throws(ExpressionIssue) -> Unicode.Scalar {
        let start = position
        position += 1
        guard let letter = peek() else {
            throw ExpressionIssue(
                .syntax,
                "a backslash at the end of the text escapes nothing",
                at: ExpressionSpan(start, position)
            )
        }
        position += 1
        switch letter {
        case "\\", "\"", "'", "`", "?", "$": return letter
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "x", "u", "U":
            let count = letter == "x" ? 2 : letter == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = peek(), let v = digit.hexValue else {
                    throw ExpressionIssue(
                        .syntax,
                        "`\\\(letter)` must be followed by exactly \(count) hexadecimal digits",
                        at: ExpressionSpan(start, position)
                    )
                }
                value = value * 16 + UInt32(v)
                position += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw ExpressionIssue(
                    .syntax,
                    "`\\\(letter)` names no Unicode scalar (surrogate or out of range)",
                    at: ExpressionSpan(start, position)
                )
            }
            return scalar
        default:
            throw ExpressionIssue(
                .syntax,
                "unknown escape sequence `\\\(letter)`; use `\\\\` for a backslash, or a raw string r\"…\"",
                at: ExpressionSpan(start, position)
            )
        }
    }
}

extension Unicode.Scalar {
    var isIdentifierStart: Bool {
        (self >= "a" && self <= "z") || (self >= "A" && self <= "Z") || self == "_"
    }
    var isIdentifierPart: Bool { isIdentifierStart || isDecimalDigit }
    var isDecimalDigit: Bool { self >= "0" && self <= "9" }
    var hexValue: Int? {
        switch self {
        case "0"..."9": Int(value - 48)
        case "a"..."f": Int(value - 87)
        case "A"..."F": Int(value - 55)
        default: nil
        }
    }
}
