/// Turns a libyaml parse error into the most specific diagnostic it can: the classic traps of
/// hand-written YAML (a tab, a value starting with `!`, `: ` inside a plain value, `${…}` inside
/// `{ }`) get their own code and a suggestion; anything else is reported as libyaml words it.
struct YAMLSyntaxExplainer {
    let source: SourceFile

    private var file: String { source.path }

    func diagnose(_ error: LibYAMLError) -> Diagnostic {
        let position = error.problemPosition
        let lines = [position.line, error.contextPosition?.line].compactMap { $0 }
        if let tab = tabInIndentation(onLines: [position.line]) ?? tabAt(position) {
            return Diagnostic(
                .tabIndentation,
                "tab character in indentation",
                at: SourceRange(file: file, line: tab.line, column: tab.column),
                label: "YAML indents with spaces only",
                notes: [libyamlNote(error)],
                suggestion: "replace the tab with spaces"
            )
        }
        if let reserved = source.scalar(at: position), "@`".unicodeScalars.contains(reserved) {
            let token = PlainValueScanner.token(at: position, of: source)
            return Diagnostic(
                .indicatorAtStart,
                "value starts with `\(reserved)`, which YAML reserves",
                at: SourceRange(
                    file: file,
                    line: position.line,
                    column: position.column,
                    length: token.unicodeScalars.count
                ),
                notes: [libyamlNote(error)],
                suggestion: YAMLQuoting.advice(for: token)
            )
        }
        if error.problem.contains("unexpected end of stream"), (error.context ?? "").contains("quoted scalar"),
            let open = error.contextPosition
        {
            return Diagnostic(
                .yamlSyntax,
                "this quoted value is never closed",
                at: SourceRange(file: file, line: open.line, column: open.column),
                label: "the quote opened here runs to the end of the file",
                notes: [libyamlNote(error)],
                suggestion: "add the closing quote"
            )
        }
        for line in Set(lines).sorted() {
            if let value = PlainValueScanner.value(onLine: line, of: source),
                let diagnostic = indicatorDiagnostic(value, error)
            {
                return diagnostic
            }
        }
        if error.problem.contains("mapping values are not allowed") {
            var notes = [libyamlNote(error)]
            if let value = PlainValueScanner.value(onLine: position.line, of: source), value.start < position {
                notes.append(Diagnostic.Note("the unquoted value starts here", at: value.range(in: file)))
            }
            return Diagnostic(
                .scalarCutAtColon,
                "`: ` inside an unquoted value: YAML ends the value here and reads a new key",
                at: SourceRange(file: file, line: position.line, column: position.column),
                label: "a colon followed by a space ends a plain value",
                notes: notes,
                suggestion: "quote the whole value, or write it as a block scalar (`>-` and the text on the next line)"
            )
        }
        if isFlowContext(error), let colon = PlainValueScanner.secondColonInFlowEntry(onLine: position.line, of: source)
        {
            return Diagnostic(
                .scalarCutAtColon,
                "`: ` inside an unquoted value of a flow mapping: YAML ends the value here",
                at: SourceRange(file: file, line: colon.line, column: colon.column),
                label: "a colon followed by a space ends a plain value",
                notes: [libyamlNote(error)],
                suggestion: "quote the value, or write the mapping in block style with a block scalar"
            )
        }
        if isFlowContext(error), let brace = PlainValueScanner.unquotedInterpolation(onLines: lines, of: source) {
            return Diagnostic(
                .braceInFlowMapping,
                "`${` inside `{ }` or `[ ]`: the brace opens a nested mapping instead of text",
                at: SourceRange(file: file, line: brace.line, column: brace.column, length: 2),
                label: "braces are structure inside a flow collection",
                notes: [libyamlNote(error)],
                suggestion: "quote the value (`\"${…}\"`) or write the mapping in block style"
            )
        }
        if isFlowContext(error), let stray = PlainValueScanner.strayBrace(onLine: position.line, of: source) {
            return Diagnostic(
                .braceInFlowMapping,
                "`\(stray.character)` inside an unquoted value of a flow collection",
                at: SourceRange(file: file, line: stray.position.line, column: stray.position.column),
                label: "braces and brackets are structure inside `{ }` and `[ ]`",
                notes: [libyamlNote(error)],
                suggestion: "quote the value, or write the collection in block style"
            )
        }
        var notes: [Diagnostic.Note] = []
        if let context = error.context, let contextPosition = error.contextPosition {
            notes.append(
                Diagnostic.Note(
                    context,
                    at: SourceRange(file: file, line: contextPosition.line, column: contextPosition.column)
                )
            )
        }
        return Diagnostic(
            .yamlSyntax,
            error.problem,
            at: SourceRange(file: file, line: position.line, column: position.column),
            notes: notes
        )
    }

    private func indicatorDiagnostic(_ value: PlainValueScanner.Value, _ error: LibYAMLError) -> Diagnostic? {
        let range = value.range(in: file)
        let text = value.text
        switch value.first {
        case "!":
            return Diagnostic(
                .yamlTag,
                "value starts with `!`, which YAML reads as a tag",
                at: range,
                label: "`\(value.firstToken)` was read as a YAML tag",
                notes: [libyamlNote(error)],
                suggestion:
                    "\(YAMLQuoting.advice(for: text)) or use a block scalar (`>-` and the text on the next line)"
            )
        case "&", "*":
            let what = value.first == "&" ? "an anchor" : "an alias"
            return Diagnostic(
                .indicatorAtStart,
                "value starts with `\(value.first)`, which YAML reads as \(what)",
                at: range,
                label: "`\(value.firstToken)` was read as \(what)",
                notes: [libyamlNote(error)],
                suggestion: YAMLQuoting.advice(for: text)
            )
        case "@", "`", "%":
            return Diagnostic(
                .indicatorAtStart,
                "value starts with `\(value.first)`, which YAML reserves",
                at: range,
                notes: [libyamlNote(error)],
                suggestion: YAMLQuoting.advice(for: text)
            )
        case "|", ">":
            guard text.count > 1, !text.dropFirst().allSatisfy({ "+-0123456789".contains($0) }) else { return nil }
            return Diagnostic(
                .indicatorAtStart,
                "value starts with `\(value.first)`, which YAML reads as a block scalar",
                at: range,
                label: "a block scalar's text must start on the next line",
                notes: [libyamlNote(error)],
                suggestion:
                    "\(YAMLQuoting.advice(for: text)), or put `\(value.first)-` here and the text on the next line"
            )
        default:
            return nil
        }
    }

    private func isFlowContext(_ error: LibYAMLError) -> Bool {
        (error.context ?? "").contains("flow") || error.problem.contains("','")
            || error.problem.contains("flow")
    }

    private func libyamlNote(_ error: LibYAMLError) -> Diagnostic.Note {
        var text = "libyaml: \(error.problem)"
        if let context = error.context { text += " (\(context))" }
        return Diagnostic.Note(text)
    }

    private func tabInIndentation(onLines lines: [Int]) -> SourcePosition? {
        for number in lines {
            guard let line = source.line(number) else { continue }
            for (index, scalar) in line.unicodeScalars.enumerated() {
                if scalar == "\t" { return SourcePosition(line: number, column: index + 1) }
                if scalar != " " && scalar != "-" { break }
            }
        }
        return nil
    }

    private func tabAt(_ position: SourcePosition) -> SourcePosition? {
        source.scalar(at: position) == "\t" ? position : nil
    }
}
