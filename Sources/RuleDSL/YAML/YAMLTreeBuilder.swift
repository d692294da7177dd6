/// Turns libyaml events into a ``YAMLNode`` tree, refusing what rule files must not contain
/// (anchors, aliases, foreign tags, duplicate keys, a second document, excessive nesting)
/// with a positioned diagnostic for each.
struct YAMLTreeBuilder {
    /// An open collection. Frames are mutated in place on the stack, so appending never copies
    /// the items gathered so far.
    private struct Frame {
        var isMapping: Bool
        var style: CollectionStyle
        var tag: String?
        var start: SourcePosition
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        var seenKeys: [String: SourceRange] = [:]
    }

    private let source: SourceFile
    private let limits: YAMLLimits
    private var stack: [Frame] = []
    private var skippedDepth = 0
    private var skippedStart = SourcePosition(line: 1, column: 1)
    private var documents = 0
    private(set) var root: YAMLNode?
    private(set) var diagnostics: [Diagnostic] = []

    init(source: SourceFile, limits: YAMLLimits) {
        self.source = source
        self.limits = limits
    }

    private var file: String { source.path }

    /// Consumes one event; returns false when the rest of the stream must be ignored.
    mutating func consume(_ event: LibYAMLEvent) -> Bool {
        guard diagnostics.count < limits.maxDiagnostics else {
            diagnostics.append(
                Diagnostic(
                    .yamlSyntax,
                    "more than \(limits.maxDiagnostics) problems in this file; the rest is not read",
                    at: diagnostics.last?.range ?? .wholeFile(file)
                )
            )
            return false
        }
        if skippedDepth > 0 { return skip(event) }
        switch event {
        case .streamStart, .streamEnd, .documentEnd:
            return true
        case .documentStart(let position):
            documents += 1
            if documents > 1 {
                diagnostics.append(
                    Diagnostic(
                        .multipleDocuments,
                        "a second YAML document starts here; a rules file holds one",
                        at: SourceRange(file: file, line: position.line, column: position.column, length: 3),
                        suggestion: "move the second document into a file of its own"
                    )
                )
                return false
            }
            return true
        case .alias(let anchor, let start, let end):
            diagnostics.append(
                Diagnostic(
                    .anchorOrAlias,
                    "alias `*\(anchor)` refused: rule files do not use anchors or aliases",
                    at: SourceRange(file: file, start: start, end: end),
                    label: "nothing is expanded here",
                    suggestion: "write the value out, or use `lists:`/`macros:`; quote it if `*` is meant as text"
                )
            )
            add(YAMLNode(kind: .scalar("", .plain), range: SourceRange(file: file, start: start, end: end)))
        case .scalar(let value, let style, let properties, let end):
            check(properties, isEmptyScalar: value.isEmpty && style == .plain)
            add(
                YAMLNode(
                    kind: .scalar(value, style),
                    tag: properties.tag,
                    range: SourceRange(file: file, start: properties.start, end: end)
                )
            )
        case .sequenceStart(let style, let properties):
            check(properties, isEmptyScalar: false)
            if beginsTooDeep(at: properties.start) { return true }
            stack.append(Frame(isMapping: false, style: style, tag: properties.tag, start: properties.start))
        case .mappingStart(let style, let properties):
            check(properties, isEmptyScalar: false)
            if beginsTooDeep(at: properties.start) { return true }
            stack.append(Frame(isMapping: true, style: style, tag: properties.tag, start: properties.start))
        case .sequenceEnd(let end), .mappingEnd(let end):
            guard let frame = stack.popLast() else { return true }
            let range = SourceRange(file: file, start: frame.start, end: end)
            let kind: YAMLNode.Kind =
                frame.isMapping ? .mapping(frame.pairs, frame.style) : .sequence(frame.items, frame.style)
            add(YAMLNode(kind: kind, tag: frame.tag, range: range))
        }
        return true
    }

    private mutating func beginsTooDeep(at start: SourcePosition) -> Bool {
        guard stack.count >= limits.maxDepth else { return false }
        diagnostics.append(
            Diagnostic(
                .nestingTooDeep,
                "nesting deeper than \(limits.maxDepth) levels; this branch is skipped",
                at: SourceRange(file: file, line: start.line, column: start.column),
                suggestion: "flatten the structure; rule files need only a few levels"
            )
        )
        skippedDepth = 1
        skippedStart = start
        return true
    }

    private mutating func skip(_ event: LibYAMLEvent) -> Bool {
        switch event {
        case .sequenceStart, .mappingStart:
            skippedDepth += 1
        case .sequenceEnd(let end), .mappingEnd(let end):
            skippedDepth -= 1
            if skippedDepth == 0 {
                add(YAMLNode(kind: .scalar("", .plain), range: SourceRange(file: file, start: skippedStart, end: end)))
            }
        default:
            break
        }
        return true
    }

    private mutating func add(_ node: YAMLNode) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].pendingKey else {
            stack[top].pendingKey = node
            return
        }
        stack[top].pendingKey = nil
        if let name = key.scalarValue, let first = stack[top].seenKeys[name] {
            diagnostics.append(
                Diagnostic(
                    .duplicateKey,
                    "duplicate key `\(name)` in this mapping",
                    at: key.range,
                    label: "second definition",
                    notes: [Diagnostic.Note("first defined here", at: first)],
                    suggestion: "merge the two entries or remove one; YAML would silently keep only one of them"
                )
            )
            return
        }
        if let name = key.scalarValue { stack[top].seenKeys[name] = key.range }
        stack[top].pairs.append(YAMLPair(key: key, value: node))
    }

    private mutating func check(_ properties: LibYAMLEvent.Properties, isEmptyScalar: Bool) {
        if let anchor = properties.anchor {
            let range = tokenRange(startingWith: "&", near: properties.start, fallbackLength: anchor.count + 1)
            diagnostics.append(
                Diagnostic(
                    .anchorOrAlias,
                    "anchor `&\(anchor)` refused: rule files do not use anchors or aliases",
                    at: range,
                    suggestion:
                        "remove the anchor; use `lists:` or `macros:` for reuse, or quote a value starting with `&`"
                )
            )
        }
        if let tag = properties.tag, !Self.isCoreTag(tag) {
            let range = tokenRange(startingWith: "!", near: properties.start, fallbackLength: tag.count)
            let written = source.text(in: range)
            if isEmptyScalar {
                diagnostics.append(
                    Diagnostic(
                        .yamlTag,
                        "value is a YAML tag, not text: `\(written)` leaves the value empty",
                        at: range,
                        label: "libyaml read `\(written)` as a tag and an empty value",
                        suggestion:
                            "\(YAMLQuoting.advice(for: written)) "
                            + "or use a block scalar (`>-` and the text on the next line)"
                    )
                )
            } else {
                diagnostics.append(
                    Diagnostic(
                        .yamlTag,
                        "unknown YAML tag `\(written)`: rule files use no tags",
                        at: range,
                        label: "a leading `!` makes a YAML tag",
                        suggestion: "remove the tag, or quote the whole value if the `!` belongs to it"
                    )
                )
            }
        }
    }

    /// The token (anchor or tag) at or after `start` on its line: properties precede the node's content.
    private func tokenRange(
        startingWith indicator: Unicode.Scalar,
        near start: SourcePosition,
        fallbackLength: Int
    ) -> SourceRange {
        guard let line = source.line(start.line) else {
            return SourceRange(file: file, line: start.line, column: start.column, length: fallbackLength)
        }
        let scalars = Array(line.unicodeScalars)
        var index = max(start.column - 1, 0)
        while index < scalars.count, scalars[index] != indicator { index += 1 }
        guard index < scalars.count else {
            return SourceRange(file: file, line: start.line, column: start.column, length: fallbackLength)
        }
        var end = index
        while end < scalars.count, scalars[end] != " ", scalars[end] != "\t" { end += 1 }
        return SourceRange(file: file, line: start.line, column: index + 1, length: end - index)
    }

    /// `!!str`, `!!int`, … (YAML's core schema) are harmless; any other tag is refused.
    static func isCoreTag(_ tag: String) -> Bool {
        ["str", "int", "float", "bool", "null", "seq", "map"].contains { tag == "tag:yaml.org,2002:\($0)" }
    }
}
