/// Renders diagnostics for people, after compilers: location, severity and code, the source line
/// with the range underlined, then notes (each with its own snippet) and the suggestion.
///
///     rules/sales.yaml:14:11: error[E103]: value is a YAML tag, not text: `!crm.found` leaves the value empty
///        |
///     14 |     when: !crm.found
///        |           ^^^^^^^^^^ libyaml read `!crm.found` as a tag and an empty value
///        = help: quote it (`"!crm.found"`) or use a block scalar
struct HumanRenderer {
    var color: Bool

    /// Longer source lines are shown as a window around the range.
    static let maxLineWidth = 120
    static let contextBefore = 40

    func render(_ report: LintReport) -> String {
        var out = ""
        for diagnostic in report.diagnostics {
            out += render(diagnostic, sources: report.sources)
            out += "\n"
        }
        out += report.summary + "\n"
        return out
    }

    func render(_ diagnostic: Diagnostic, sources: [String: SourceFile]) -> String {
        let severity = paint(diagnostic.severity.rawValue + "[\(diagnostic.code.id)]", style(for: diagnostic.severity))
        var out = "\(paint(diagnostic.range.description, "1")): \(severity): \(paint(diagnostic.message, "1"))\n"
        let source = sources[diagnostic.range.file]
        let gutter = gutterWidth(for: diagnostic)
        out += snippet(
            source,
            diagnostic.range,
            marker: "^",
            label: diagnostic.label,
            gutter: gutter,
            markStyle: style(for: diagnostic.severity)
        )
        for note in diagnostic.notes {
            if let range = note.range {
                out += "\(pad(gutter)) = \(paint("note", "36")): \(range): \(note.message)\n"
                out += snippet(sources[range.file], range, marker: "-", label: nil, gutter: gutter, markStyle: "36")
            } else {
                out += "\(pad(gutter)) = \(paint("note", "36")): \(note.message)\n"
            }
        }
        if let suggestion = diagnostic.suggestion {
            out += "\(pad(gutter)) = \(paint("help", "32")): \(suggestion)\n"
        }
        return out
    }

    private func snippet(
        _ source: SourceFile?,
        _ range: SourceRange,
        marker: Character,
        label: String?,
        gutter: Int,
        markStyle: String
    ) -> String {
        guard let source, let line = source.line(range.start.line) else { return "" }
        var scalars = Array(line.unicodeScalars.map { $0 == "\t" ? " " : $0 })
        var startColumn = min(range.start.column, scalars.count + 1)
        var endColumn =
            range.end.line == range.start.line ? min(range.end.column, scalars.count + 1) : scalars.count + 1
        if scalars.count > Self.maxLineWidth {
            // Show a window of the line around the range, marked with ellipses.
            let from = max(0, startColumn - 1 - Self.contextBefore)
            let to = min(scalars.count, from + Self.maxLineWidth)
            let prefix: [Unicode.Scalar] = from > 0 ? ["…"] : []
            let suffix: [Unicode.Scalar] = to < scalars.count ? ["…"] : []
            scalars = prefix + Array(scalars[from..<to]) + suffix
            startColumn = startColumn - from + prefix.count
            endColumn = min(endColumn - from + prefix.count, scalars.count + 1)
        }
        let display = String(String.UnicodeScalarView(scalars))
        let width = max(endColumn - startColumn, 1)
        let number = String(range.start.line)
        var out = "\(pad(gutter)) |\n"
        out += "\(String(repeating: " ", count: gutter - number.count))\(number) | \(display)\n"
        var underline =
            String(repeating: " ", count: startColumn - 1) + paint(String(repeating: marker, count: width), markStyle)
        if let label { underline += " " + paint(label, markStyle) }
        out += "\(pad(gutter)) | \(underline)\n"
        return out
    }

    private func gutterWidth(for diagnostic: Diagnostic) -> Int {
        let lines = [diagnostic.range.start.line] + diagnostic.notes.compactMap { $0.range?.start.line }
        return String(lines.max() ?? 1).count
    }

    private func pad(_ width: Int) -> String { String(repeating: " ", count: width) }

    private func style(for severity: Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
