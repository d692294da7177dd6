/// Checks a parsed tree for constructs libyaml accepts but that rarely mean what their author
/// wanted: a plain value cut short by ` #…`, or `$` followed by a flow mapping.
struct YAMLTrapChecker {
    let source: SourceFile

    func check(_ root: YAMLNode) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        visit(root, into: &diagnostics)
        return diagnostics
    }

    private func visit(_ node: YAMLNode, into diagnostics: inout [Diagnostic]) {
        switch node.kind {
        case .scalar(let value, .plain):
            if let diagnostic = commentCut(node, value: value) { diagnostics.append(diagnostic) }
        case .scalar:
            break
        case .sequence(let items, _):
            for item in items { visit(item, into: &diagnostics) }
        case .mapping(let pairs, _):
            for pair in pairs {
                visit(pair.key, into: &diagnostics)
                visit(pair.value, into: &diagnostics)
            }
        }
    }

    /// `message: call from line #2`: the value is `call from line`; flag a `#` glued to text.
    private func commentCut(_ node: YAMLNode, value: String) -> Diagnostic? {
        guard !value.isEmpty, let line = source.line(node.range.end.line) else { return nil }
        // Only the rest of the line after the value matters; most values end the line.
        let after = line.unicodeScalars.dropFirst(node.range.end.column - 1)
        guard let first = after.first, first == " " || first == "\t" else { return nil }
        let rest = after.drop { $0 == " " || $0 == "\t" }
        guard rest.first == "#", let next = rest.dropFirst().first else { return nil }
        guard next != " ", next != "\t", next != "#", next != "!" else { return nil }
        let column = node.range.end.column + (after.count - rest.count)
        let comment = String(String.UnicodeScalarView(rest))
        return Diagnostic(
            .scalarCutAtComment,
            "the value ends before `\(comment)`: YAML reads ` #` as the start of a comment",
            at: SourceRange(file: source.path, line: node.range.end.line, column: column, length: rest.count),
            label: "this is a comment, not part of the value `\(value)`",
            suggestion: "quote the value if `#` belongs to it; write comments as `# text`"
        )
    }
}
