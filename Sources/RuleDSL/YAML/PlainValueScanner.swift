import Foundation

/// Light-weight scanning of one source line to find where an unquoted value starts, used to
/// explain parse errors (libyaml reports where it gave up, not what the author meant).
enum PlainValueScanner {
    /// An unquoted value found on a line.
    struct Value {
        var start: SourcePosition
        var scalars: [Unicode.Scalar]

        var first: Unicode.Scalar { scalars.first ?? " " }
        var text: String { String(String.UnicodeScalarView(scalars)) }
        /// The first whitespace-separated token, e.g. `!crm.found` of `!crm.found && x`.
        var firstToken: String {
            String(String.UnicodeScalarView(scalars.prefix { $0 != " " && $0 != "\t" }))
        }

        func range(in file: String) -> SourceRange {
            SourceRange(file: file, line: start.line, column: start.column, length: scalars.count)
        }
    }

    /// The value after `key: ` or `- ` on a line (trailing comment and spaces removed), if any.
    static func value(onLine number: Int, of source: SourceFile) -> Value? {
        guard let line = source.line(number) else { return nil }
        let scalars = Array(line.unicodeScalars)
        var index = 0
        func skipSpaces() { while index < scalars.count, scalars[index] == " " { index += 1 } }
        skipSpaces()
        while index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] == " " {
            index += 2
            skipSpaces()
        }
        if let colon = keyColon(in: scalars, from: index) {
            index = colon + 1
            skipSpaces()
        }
        guard index < scalars.count, scalars[index] != "#" else { return nil }
        var end = scalars.count
        if let comment = commentStart(in: scalars, from: index) { end = comment }
        while end > index, scalars[end - 1] == " " { end -= 1 }
        guard end > index else { return nil }
        return Value(start: SourcePosition(line: number, column: index + 1), scalars: Array(scalars[index..<end]))
    }

    /// The first `${` outside quotes on the given lines.
    static func unquotedInterpolation(onLines numbers: [Int], of source: SourceFile) -> SourcePosition? {
        for number in Set(numbers).sorted() {
            guard let line = source.line(number) else { continue }
            let scalars = Array(line.unicodeScalars)
            for index in unquotedIndices(scalars)
            where scalars[index] == "$" && index + 1 < scalars.count && scalars[index + 1] == "{" {
                return SourcePosition(line: number, column: index + 1)
            }
        }
        return nil
    }

    /// The indices of the scalars outside single- or double-quoted text (the quotes themselves excluded).
    static func unquotedIndices(_ scalars: [Unicode.Scalar]) -> [Int] {
        var result: [Int] = []
        var quote: Unicode.Scalar?
        for index in scalars.indices {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else {
                result.append(index)
            }
        }
        return result
    }

    /// A `{`, `}`, `[` or `]` glued to other text (not structure) outside quotes, e.g. `{a: b}c}`.
    static func strayBrace(
        onLine number: Int,
        of source: SourceFile
    ) -> (character: Character, position: SourcePosition)? {
        guard let line = source.line(number) else { return nil }
        let scalars = Array(line.unicodeScalars)
        for index in unquotedIndices(scalars) where index > 0 && "{}[]".unicodeScalars.contains(scalars[index]) {
            if !" ,:{}[]".unicodeScalars.contains(scalars[index - 1]) {
                return (Character(scalars[index]), SourcePosition(line: number, column: index + 1))
            }
        }
        return nil
    }

    /// The `:` of `key: ` (or `key:` at the end of the line) outside quotes and brackets.
    private static func keyColon(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start < scalars.count, !"\"'{[!&*|>".unicodeScalars.contains(scalars[start]) else {
            return nil
        }
        var index = start
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == " " && index + 1 < scalars.count && scalars[index + 1] == "#" { return nil }
            if scalar == ":" && (index + 1 == scalars.count || scalars[index + 1] == " ") { return index }
            index += 1
        }
        return nil
    }

    /// Where ` #` starts a comment, outside quotes.
    private static func commentStart(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var quote: Unicode.Scalar?
        for index in start..<scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if index == start, scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == "#", index > start, scalars[index - 1] == " " {
                return index
            }
        }
        return nil
    }
}

extension PlainValueScanner {
    /// In a flow mapping entry `key: a ? b : c`, the position of the second `: ` (outside quotes).
    static func secondColonInFlowEntry(onLine number: Int, of source: SourceFile) -> SourcePosition? {
        guard let line = source.line(number) else { return nil }
        let scalars = Array(line.unicodeScalars)
        var colonsInEntry = 0
        var inFlow = false
        for index in unquotedIndices(scalars) {
            switch scalars[index] {
            case "{", "[":
                inFlow = true
                colonsInEntry = 0
            case ",", "}", "]":
                colonsInEntry = 0
            case ":" where inFlow && (index + 1 == scalars.count || scalars[index + 1] == " "):
                colonsInEntry += 1
                if colonsInEntry == 2 { return SourcePosition(line: number, column: index + 1) }
            default:
                break
            }
        }
        return nil
    }
}

extension PlainValueScanner {
    /// The text from `position` up to the next `,`, `}`, `]` or the end of the line, trimmed.
    static func token(at position: SourcePosition, of source: SourceFile) -> String {
        guard let line = source.line(position.line) else { return "" }
        let scalars = Array(line.unicodeScalars).dropFirst(position.column - 1)
        let token = scalars.prefix { !",}]".unicodeScalars.contains($0) }
        return String(String.UnicodeScalarView(token)).trimmingCharacters(in: .whitespaces)
    }
}
