extension SourceFile {
    /// The same file with the characters of `ranges` replaced by `*` (positions unchanged), so that a
    /// rendered snippet never shows a secret written in the file.
    public func masking(_ ranges: [SourceRange]) -> SourceFile {
        guard !ranges.isEmpty else { return self }
        var lines = self.lines.map { Array($0) }
        for range in ranges {
            for number in range.start.line...range.end.line where number >= 1 && number <= lines.count {
                let from = number == range.start.line ? range.start.column - 1 : 0
                let to =
                    number == range.end.line
                    ? min(range.end.column - 1, lines[number - 1].count) : lines[number - 1].count
                guard from < to else { continue }
                for index in from..<to { lines[number - 1][index] = "*" }
            }
        }
        let text = lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        return SourceFile(path: path, text: text)
    }
}
