import Foundation

/// `engine lint --format json`: `{"diagnostics": [...], "summary": {...}}`, keys sorted, positions 1-based,
/// `end` exclusive.
enum JSONRenderer {
    struct Position: Encodable {
        var line: Int
        var column: Int
    }
    struct Range: Encodable {
        var file: String
        var start: Position
        var end: Position
        init(_ range: SourceRange) {
            file = range.file
            start = Position(line: range.start.line, column: range.start.column)
            end = Position(line: range.end.line, column: range.end.column)
        }
    }
    struct Note: Encodable {
        var message: String
        var range: Range?
    }
    struct Item: Encodable {
        var code: String
        var name: String
        var severity: String
        var message: String
        var range: Range
        var label: String?
        var notes: [Note]
        var suggestion: String?
    }
    struct Summary: Encodable {
        var errors: Int
        var warnings: Int
        var files: Int
    }
    struct Document: Encodable {
        var diagnostics: [Item]
        var summary: Summary
    }

    static func render(_ report: LintReport) -> String {
        let items = report.diagnostics.map { diagnostic in
            Item(
                code: diagnostic.code.id,
                name: diagnostic.code.name,
                severity: diagnostic.severity.rawValue,
                message: diagnostic.message,
                range: Range(diagnostic.range),
                label: diagnostic.label,
                notes: diagnostic.notes.map { Note(message: $0.message, range: $0.range.map(Range.init)) },
                suggestion: diagnostic.suggestion
            )
        }
        let document = Document(
            diagnostics: items,
            summary: Summary(errors: report.errorCount, warnings: report.warningCount, files: report.fileCount)
        )
        return encode(document)
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
