/// One lexical token of an expression.
struct ExpressionToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case int(Int)
        case double(Double)
        case string(String)
        case trueKeyword
        case falseKeyword
        case nullKeyword
        case inKeyword
        case punctuation(Punctuation)
        case end
    }

    /// Operators and delimiters.
    enum Punctuation: String, Sendable, Equatable {
        case leftParen = "("
        case rightParen = ")"
        case leftBracket = "["
        case rightBracket = "]"
        case leftBrace = "{"
        case rightBrace = "}"
        case dot = "."
        case comma = ","
        case colon = ":"
        case question = "?"
        case coalesce = "??"
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessEqual = "<="
        case greater = ">"
        case greaterEqual = ">="
        case and = "&&"
        case or = "||"
        case not = "!"
        case plus = "+"
        case minus = "-"
    }

    var kind: Kind
    var span: ExpressionSpan

    /// How the token is named in messages: "`)`", "the identifier `foo`", "the end of the expression".
    var displayName: String {
        switch kind {
        case .identifier(let name): "`\(name)`"
        case .int(let value): "the number `\(value)`"
        case .double(let value): "the number `\(value)`"
        case .string: "a string"
        case .trueKeyword: "`true`"
        case .falseKeyword: "`false`"
        case .nullKeyword: "`null`"
        case .inKeyword: "`in`"
        case .punctuation(let punctuation): "`\(punctuation.rawValue)`"
        case .end: "the end of the expression"
        }
    }
}
