/// Decodes a loaded YAML document into a ``RuleFile``: strict keys, typed values, a positioned
/// diagnostic for every problem (and every problem reported, not just the first).
struct RuleFileDecoder {
    private var reader = NodeReader()
    private let document: YAMLDocument

    init(document: YAMLDocument) {
        self.document = document
    }

    var diagnostics: [Diagnostic] { reader.diagnostics }

    mutating func decode() -> RuleFile {
        var file = RuleFile(path: document.source.path, source: document.source)
        guard let root = document.root, !root.isNull else {
            reader.report(
                Diagnostic(
                    .missingKey,
                    "the file is empty; a rule file starts with `version: 1`",
                    at: .wholeFile(file.path)
                )
            )
            return file
        }
        guard let sections = reader.entries(of: root, allowed: FileSectionCatalog.names, in: "a rule file") else {
            return file
        }
        if let version = sections["version"] {
            if let text = version.value.scalarValue, let number = Int(text), version.value.scalarStyle == .plain {
                file.version = Located(number, at: version.value.range)
                if number != 1 {
                    reader.report(
                        Diagnostic(
                            .unsupportedVersion,
                            "version \(number) is not supported; this engine reads version 1",
                            at: version.value.range
                        )
                    )
                }
            } else {
                reader.report(
                    Diagnostic(.unsupportedVersion, "`version` must be the number 1", at: version.value.range)
                )
            }
        } else {
            reader.report(
                Diagnostic(
                    .missingKey,
                    "missing `version: 1`",
                    at: root.range.startOnly,
                    suggestion: "add `version: 1` as the first line"
                )
            )
        }
        if let lists = sections["lists"] { file.lists = decodeLists(lists.value) }
        if let maps = sections["maps"] { file.maps = decodeMaps(maps.value) }
        if let macros = sections["macros"] { file.macros = decodeMacros(macros.value) }
        if let queues = sections["queues"] {
            var queueDecoder = QueueSectionDecoder(reader: reader)
            file.queues = queueDecoder.decode(queues.value)
            reader = queueDecoder.reader
        }
        if let rules = sections["rules"] {
            file.rules = (reader.sequence(rules.value, what: "`rules`") ?? []).compactMap { decodeRule($0) }
        }
        return file
    }

    private mutating func decodeLists(_ node: YAMLNode) -> [ListDefinition] {
        (reader.mapping(node, what: "`lists`") ?? []).compactMap { pair in
            guard let name = reader.name(pair.key, what: "list name") else { return nil }
            let items = (reader.sequence(pair.value, what: "list `\(name.value)`") ?? []).compactMap {
                reader.text($0, what: "an item of list `\(name.value)`")
            }
            return ListDefinition(name: name, items: items)
        }
    }

    private mutating func decodeMaps(_ node: YAMLNode) -> [MapDefinition] {
        (reader.mapping(node, what: "`maps`") ?? []).compactMap { pair in
            guard let name = reader.name(pair.key, what: "map name") else { return nil }
            let entries = (reader.mapping(pair.value, what: "map `\(name.value)`") ?? []).compactMap {
                entry -> MapEntry? in
                guard let key = reader.text(entry.key, what: "a key of map `\(name.value)`"),
                    let value = reader.text(entry.value, what: "a value of map `\(name.value)`")
                else { return nil }
                return MapEntry(key: key, value: value)
            }
            return MapDefinition(name: name, entries: entries)
        }
    }

    private mutating func decodeMacros(_ node: YAMLNode) -> [MacroDefinition] {
        (reader.mapping(node, what: "`macros`") ?? []).compactMap { pair in
            guard let name = reader.name(pair.key, what: "macro name"),
                let text = reader.text(pair.value, what: "macro `\(name.value)`")
            else { return nil }
            return MacroDefinition(name: name, expression: ExpressionText(text: text.value, node: pair.value))
        }
    }

    private mutating func decodeRule(_ node: YAMLNode) -> Rule? {
        guard let keys = reader.entries(of: node, allowed: FileSectionCatalog.ruleKeys, in: "a rule") else {
            return nil
        }
        guard let idPair = keys["id"], let id = reader.name(idPair.value, what: "rule id", slug: true) else {
            if keys["id"] == nil {
                reader.report(
                    Diagnostic(
                        .missingKey,
                        "a rule without `id`",
                        at: node.range.startOnly,
                        suggestion: "give every rule a unique slug, e.g. `id: card-to-ringing-member`"
                    )
                )
            }
            return nil
        }
        var rule = Rule(id: id, range: node.range)
        rule.description = keys["description"].flatMap { reader.text($0.value, what: "`description`")?.value }
        if let enabled = keys["enabled"] { rule.isEnabled = reader.bool(enabled.value, what: "`enabled`") ?? true }
        if let stop = keys["stop"] { rule.stops = reader.bool(stop.value, what: "`stop`") ?? false }
        if let tags = keys["tags"] { rule.tags = reader.texts(tags.value, what: "`tags`").map(\.value) }
        if let on = keys["on"] {
            rule.events = reader.texts(on.value, what: "`on`")
        } else {
            reader.report(
                Diagnostic(
                    .missingKey,
                    "rule `\(id.value)` has no `on:`",
                    at: id.range,
                    suggestion: "name the event it reacts to, e.g. `on: call.ringing`"
                )
            )
        }
        if let match = keys["match"] { rule.match = decodeMatch(match.value) }
        if let when = keys["when"] {
            if let text = reader.text(when.value, what: "`when`") {
                rule.when = ExpressionText(text: text.value, node: when.value)
            }
        }
        if let actions = keys["do"] {
            let items = reader.sequence(actions.value, what: "`do`") ?? []
            rule.actions = items.compactMap { decodeAction($0) }
            if items.isEmpty, actions.value.sequenceItems != nil || actions.value.isNull {
                reader.report(
                    Diagnostic(
                        .emptyActions,
                        "rule `\(id.value)` does nothing: `do:` is empty",
                        at: actions.key.range,
                        suggestion: "add actions, or disable the rule with `enabled: false`"
                    )
                )
            }
        } else {
            reader.report(
                Diagnostic(
                    .missingKey,
                    "rule `\(id.value)` has no `do:`",
                    at: id.range,
                    suggestion: "list what the rule does under `do:`"
                )
            )
        }
        return rule
    }

    private mutating func decodeMatch(_ node: YAMLNode) -> [MatchCondition] {
        (reader.mapping(node, what: "`match`") ?? []).compactMap { pair in
            guard let key = reader.text(pair.key, what: "a `match` key") else { return nil }
            let parts = key.value.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let field = Located(
                parts[0],
                at: SourceRange(
                    file: key.range.file,
                    line: key.range.start.line,
                    column: key.range.start.column,
                    length: parts[0].unicodeScalars.count
                )
            )
            var modifier = MatchCondition.Modifier.equals
            var negated = false
            var column = key.range.start.column + parts[0].unicodeScalars.count + 1
            for part in parts.dropFirst() {
                let range = SourceRange(
                    file: key.range.file,
                    line: key.range.start.line,
                    column: column,
                    length: part.unicodeScalars.count
                )
                column += part.unicodeScalars.count + 1
                if part == "not" {
                    negated = true
                } else if let known = MatchCondition.Modifier(rawValue: part), known != .equals {
                    modifier = known
                } else {
                    let names = MatchCondition.Modifier.allCases.filter { $0 != .equals }.map(\.rawValue) + ["not"]
                    reader.report(
                        Diagnostic(
                            .unknownMatchModifier,
                            "unknown match modifier `|\(part)`\(Spelling.hint(for: part, among: names))",
                            at: range,
                            notes: [Diagnostic.Note("modifiers: " + names.map { "|\($0)" }.joined(separator: ", "))]
                        )
                    )
                }
            }
            var condition = MatchCondition(
                field: field,
                modifier: modifier,
                isNegated: negated,
                values: [],
                listReference: nil
            )
            if let text = pair.value.scalarValue, text.hasPrefix("$"), pair.value.scalarStyle == .plain {
                condition.listReference = Located(String(text.dropFirst()), at: pair.value.range)
            } else {
                condition.values = reader.texts(pair.value, what: "the value of `match: \(key.value)`")
            }
            return condition
        }
    }

    private mutating func decodeAction(_ node: YAMLNode) -> ActionInvocation? {
        guard let pairs = reader.mapping(node, what: "an action") else { return nil }
        var binding: Located<String>?
        var invocation: ActionInvocation?
        for pair in pairs {
            guard let key = reader.text(pair.key, what: "an action name") else { continue }
            if key.value == "as" {
                binding = reader.name(pair.value, what: "`as` binding name")
                continue
            }
            guard invocation == nil else {
                reader.report(
                    Diagnostic(
                        .wrongNodeKind,
                        "one action per list item: `\(key.value)` follows `\(invocation?.name.value ?? "")`",
                        at: key.range,
                        suggestion: "start the second action on its own line with `- `"
                    )
                )
                continue
            }
            var arguments: [ActionArgument] = []
            for argument in reader.mapping(pair.value, what: "the arguments of `\(key.value)`") ?? [] {
                guard let name = reader.text(argument.key, what: "an argument name") else { continue }
                arguments.append(ActionArgument(name: name, value: argument.value))
            }
            invocation = ActionInvocation(name: key, arguments: arguments, binding: nil, range: node.range)
        }
        guard var result = invocation else {
            reader.report(Diagnostic(.wrongNodeKind, "an action item names no action", at: node.range))
            return nil
        }
        result.binding = binding
        return result
    }
}

extension SourceRange {
    /// A one-character range at this range's start.
    var startOnly: SourceRange {
        SourceRange(file: file, line: start.line, column: start.column, length: 1)
    }
}
