/// The text of one source file, split into lines the way libyaml splits them, so that
/// positions reported by the YAML layer map back onto the text exactly.
public struct SourceFile: Sendable {
    /// The path as the user named it.
    public let path: String
    /// The whole text (decoded as UTF-8; invalid bytes were replaced, and reported separately).
    public let text: String
    /// Each line without its terminator, as arrays of Unicode scalars so columns index them directly.
    public let lines: [Substring.UnicodeScalarView]

    /// Splits `text` on the line breaks libyaml recognises: CRLF, CR, LF, NEL, LS and PS.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
        var lines: [Substring.UnicodeScalarView] = []
        let scalars = text.unicodeScalars
        var lineStart = scalars.startIndex
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            switch scalar {
            case "\r":
                lines.append(Substring(text).unicodeScalars[lineStart..<index])
                let next = scalars.index(after: index)
                index = (next < scalars.endIndex && scalars[next] == "\n") ? scalars.index(after: next) : next
                lineStart = index
            case "\n", "\u{85}", "\u{2028}", "\u{2029}":
                lines.append(Substring(text).unicodeScalars[lineStart..<index])
                index = scalars.index(after: index)
                lineStart = index
            default:
                index = scalars.index(after: index)
            }
        }
        lines.append(Substring(text).unicodeScalars[lineStart..<scalars.endIndex])
        self.lines = lines
    }

    /// The text of a 1-based line, or nil when the file has no such line.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        return Substring(lines[number - 1])
    }

    /// The scalars of the file between two positions (clamped to the file), joined with "\n" across lines.
    public func text(in range: SourceRange) -> String {
        var result = String.UnicodeScalarView()
        var position = range.start
        while position < range.end, position.line <= lines.count {
            let line = lines[position.line - 1]
            let count = line.count
            if position.column <= count {
                let from = line.index(line.startIndex, offsetBy: position.column - 1)
                let lastColumn = position.line == range.end.line ? min(range.end.column - 1, count) : count
                if lastColumn >= position.column {
                    let to = line.index(line.startIndex, offsetBy: lastColumn)
                    result.append(contentsOf: line[from..<to])
                }
            }
            if position.line == range.end.line { break }
            result.append("\n")
            position = SourcePosition(line: position.line + 1, column: 1)
        }
        return String(result)
    }

    /// The scalar at a position, or nil past the end of its line.
    public func scalar(at position: SourcePosition) -> Unicode.Scalar? {
        guard position.line >= 1, position.line <= lines.count, position.column >= 1 else { return nil }
        let line = lines[position.line - 1]
        guard position.column <= line.count else { return nil }
        return line[line.index(line.startIndex, offsetBy: position.column - 1)]
    }
}
