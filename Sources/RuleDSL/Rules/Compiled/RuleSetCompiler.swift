import Foundation

/// Compiles decoded rule files into a ``CompiledRuleSet``: every `when:`, macro and `${…}` argument
/// parsed and type-checked against the catalogs, problems mapped back to their exact file positions,
/// and what is defined but never used reported.
struct RuleSetCompiler {
    let files: [RuleFile]
    /// The result types bound by `as:` (from ``RuleSetChecker/bindings``).
    let bindings: [String: CatalogObject]
    private(set) var diagnostics: [Diagnostic] = []
    /// Names mentioned by rules (conditions and arguments), and by each macro's body.
    private var namesUsedByRules: Set<String> = []
    private var namesUsedByMacro: [String: Set<String>] = [:]
    private var listsUsedByMatch: Set<String> = []
    /// Every list's items with their positions (`|regex: $list` compiles them; the engine's own pattern list too).
    private var listItems: [String: [Located<String>]] = [:]
    /// Lists whose items were already compiled as patterns (each bad item is reported once).
    private var listsCompiledAsPatterns: Set<String> = []
    /// The type of `event` for each combination of events in `on:` (many rules share one).
    private var eventTypes: [[String]: ExpressionType] = [:]
    /// Files compiled by an earlier load against the same definitions, reused when their text is unchanged.
    var reusable: [String: CompiledFile] = [:]
    /// What compiling each file's rules gave this time (for the next load to reuse).
    private(set) var compiledFiles: [String: CompiledFile] = [:]

    init(files: [RuleFile], bindings: [String: CatalogObject]) {
        self.files = files
        self.bindings = bindings
    }

    mutating func compile() -> CompiledRuleSet {
        let lists = Dictionary(
            files.flatMap { $0.lists.map { ($0.name.value, $0.items.map(\.value)) } },
            uniquingKeysWith: { first, _ in first }
        )
        let maps = Dictionary(
            files.flatMap { file in
                file.maps.map { map in
                    (
                        map.name.value,
                        Dictionary(
                            map.entries.map { ($0.key.value, Value.string($0.value.value)) },
                            uniquingKeysWith: { first, _ in first }
                        )
                    )
                }
            },
            uniquingKeysWith: { first, _ in first }
        )
        listItems = Dictionary(
            files.flatMap { $0.lists.map { ($0.name.value, $0.items) } },
            uniquingKeysWith: { first, _ in first }
        )
        // The call model matches numbers against this list: a pattern RE2 cannot compile must not be skipped quietly.
        _ = compilePatterns(ofList: "internal_number_patterns")
        var environment = TypeEnvironment(
            variables: ["event": .dyn, "call": callType, "config": .object(ContextCatalog.config.expressionSchema)],
            lists: lists,
            maps: maps
        )
        environment = compileMacros(in: environment)

        var rules: [CompiledRule] = []
        for file in files {
            let compiled = compileRules(of: file, environment: environment)
            rules += compiled.rules
            diagnostics += compiled.diagnostics
            namesUsedByRules.formUnion(compiled.namesUsed)
            listsUsedByMatch.formUnion(compiled.listsUsed)
            compiledFiles[file.path] = compiled
        }
        reportUnused(lists: lists, maps: maps)
        let queues = Dictionary(
            files.flatMap { $0.queues.map { ($0.name.value, $0.spec) } },
            uniquingKeysWith: { first, _ in first }
        )
        return CompiledRuleSet(rules: rules, lists: lists, maps: maps, queues: queues)
    }

    /// The call, with each `as:` result as a field (deferred until its action's answer lands).
    private var callType: ExpressionType {
        var call = ContextCatalog.call
        for (name, result) in bindings.sorted(by: { $0.key < $1.key }) {
            call.fields.append(FieldSchema(name, .object(result), doc: "the result of `as: \(name)`"))
        }
        return .object(call.expressionSchema)
    }

    // MARK: macros

    private mutating func compileMacros(in environment: TypeEnvironment) -> TypeEnvironment {
        var definitions: [String: String] = [:]
        var origins: [String: (MacroDefinition, SourceFile)] = [:]
        for file in files {
            for macro in file.macros where definitions[macro.name.value] == nil {
                definitions[macro.name.value] = macro.expression.text
                origins[macro.name.value] = (macro, file.source)
            }
        }
        let result = MacroCompiler.compile(definitions, in: environment)
        for name in definitions.keys.sorted() {
            guard let compilation = result.macros[name], let (macro, source) = origins[name] else { continue }
            report(compilation.issues, in: macro.expression, source: source)
            namesUsedByMacro[name] = NameUsage.names(inExpression: macro.expression.text)
        }
        return result.environment
    }

    // MARK: rules

    /// The rules of one file, compiled — or as an earlier load compiled them, when the file's text is the same (the
    /// caller puts in ``reusable`` only files compiled against the same definitions and bindings).
    private mutating func compileRules(of file: RuleFile, environment: TypeEnvironment) -> CompiledFile {
        if let earlier = reusable[file.path], earlier.text == file.source.text { return earlier }
        let (names, lists, firstDiagnostic) = (namesUsedByRules, listsUsedByMatch, diagnostics.count)
        namesUsedByRules = []
        listsUsedByMatch = []
        var rules: [CompiledRule] = []
        for rule in file.rules {
            if let compiled = compile(rule, in: file, environment: environment), rule.isEnabled {
                rules.append(compiled)
            }
        }
        let compiled = CompiledFile(
            text: file.source.text,
            rules: rules,
            diagnostics: Array(diagnostics[firstDiagnostic...]),
            namesUsed: namesUsedByRules,
            listsUsed: listsUsedByMatch
        )
        (namesUsedByRules, listsUsedByMatch) = (names, lists)
        diagnostics.removeSubrange(firstDiagnostic...)
        return compiled
    }

    private mutating func compile(_ rule: Rule, in file: RuleFile, environment: TypeEnvironment) -> CompiledRule? {
        var environment = environment
        let eventNames = rule.events.map(\.value)
        if eventTypes[eventNames] == nil {
            eventTypes[eventNames] = EventCatalog.eventType(
                for: eventNames.compactMap { EventCatalog.event(named: $0) }
            )
        }
        environment.variables["event"] = eventTypes[eventNames]
        let compiler = ExpressionCompiler(environment: environment)
        var failed = false

        var condition: CheckedExpression?
        var conditionSource: (text: String, compiler: ExpressionCompiler)?
        if let when = rule.when {
            let compilation = compiler.compile(when.text, expecting: .bool)
            report(compilation.issues, in: when, source: file.source)
            namesUsedByRules.formUnion(
                compilation.expression.map { NameUsage.names(in: $0.syntax) }
                    ?? NameUsage.names(inExpression: when.text)
            )
            condition = compilation.expression
            failed = failed || compilation.expression == nil
            if let expression = compilation.expression {
                conditionSource = (when.text, compiler)
                if expression.constantValue == .bool(false) {
                    diagnostics.append(
                        Diagnostic(
                            .neverFires,
                            "rule `\(rule.id.value)` never fires: its condition is always false",
                            at: when.range,
                            suggestion: "remove the rule, or disable it with `enabled: false`"
                        )
                    )
                }
            }
        }

        var match: [CompiledMatch] = []
        for condition in rule.match {
            var values = condition.values.map(\.value)
            if let list = condition.listReference {
                listsUsedByMatch.insert(list.value)
                values = environment.lists[list.value] ?? []
            }
            var patterns: [RegexPattern] = []
            if condition.modifier == .regex {
                if let list = condition.listReference {
                    guard let compiled = compilePatterns(ofList: list.value) else {
                        failed = true
                        continue
                    }
                    patterns = compiled
                } else {
                    for value in condition.values {
                        guard let pattern = compilePattern(value) else {
                            failed = true
                            continue
                        }
                        patterns.append(pattern)
                    }
                }
            }
            match.append(
                CompiledMatch(
                    path: condition.field.value.split(separator: ".").map(String.init),
                    modifier: condition.modifier,
                    isNegated: condition.isNegated,
                    values: values,
                    patterns: patterns
                )
            )
        }

        // Actions run only when `when:` is true: what it proved present needs no guard in their arguments.
        var argumentCompiler = compiler
        argumentCompiler.assumedPresent = condition?.presentWhenTrue ?? []
        var actions: [CompiledAction] = []
        for action in rule.actions {
            guard let schema = ActionCatalog.action(named: action.name.value) else {
                failed = true
                continue
            }
            var arguments: [CompiledAction.Argument] = []
            for argument in action.arguments {
                guard let declared = schema.argument(argument.name.value) else { continue }
                guard
                    let value = compileArgument(
                        argument.value,
                        as: declared.type,
                        optional: !declared.isRequired,
                        compiler: argumentCompiler,
                        source: file.source
                    )
                else {
                    failed = true
                    continue
                }
                arguments.append(
                    CompiledAction.Argument(name: declared.name, value: value, isRequired: declared.isRequired)
                )
            }
            actions.append(
                CompiledAction(name: schema.name, schema: schema, arguments: arguments, binding: action.binding?.value)
            )
        }
        guard !failed else { return nil }
        return CompiledRule(
            id: rule.id.value,
            description: rule.description,
            tags: rule.tags,
            events: rule.events.map(\.value),
            match: match,
            condition: condition,
            conditionSource: conditionSource,
            actions: actions,
            stops: rule.stops,
            range: rule.range
        )
    }

    /// The top-level `&&` parts of a condition, each compiled on its own (for traces).
    static func conjuncts(
        of expression: CheckedExpression,
        text: String,
        compiler: ExpressionCompiler
    )
        -> [(text: String, expression: CheckedExpression)]
    {
        var nodes: [ExpressionNode] = []
        func split(_ node: ExpressionNode) {
            if case .binary(.and, let left, let right, _) = node.kind {
                split(left)
                split(right)
            } else {
                nodes.append(node)
            }
        }
        split(expression.syntax)
        guard nodes.count > 1 else { return [(text, expression)] }
        let scalars = Array(text.unicodeScalars)
        return nodes.compactMap { node in
            guard let part = compiler.compile(node).expression else { return nil }
            let span = scalars[min(node.span.start, scalars.count)..<min(node.span.end, scalars.count)]
            return (String(String.UnicodeScalarView(span)), part)
        }
    }

    /// A literal value, a template, or a list or mapping of those; nil when it does not compile.
    /// An optional argument may read optional fields unguarded: when absent, it is left out.
    private mutating func compileArgument(
        _ node: YAMLNode,
        as type: SchemaType,
        optional: Bool = false,
        compiler: ExpressionCompiler,
        source: SourceFile
    ) -> CompiledArgument? {
        switch node.kind {
        case .scalar(let text, let style):
            if TemplateText.containsInterpolation(text) {
                let compilation = compiler.compileTemplate(text, expecting: type.expressionType)
                let issues =
                    optional ? compilation.issues.filter { $0.kind != .unguardedOptionalField } : compilation.issues
                report(issues, in: ExpressionText(text: text, node: node), source: source)
                namesUsedByRules.formUnion(
                    compilation.template.map { NameUsage.names(in: $0.template) }
                        ?? NameUsage.names(inTemplate: text)
                )
                guard let template = compilation.template else { return nil }
                return .template(template)
            }
            return .literal(Self.literal(text, style: style, as: type))
        case .sequence(let items, _):
            let element: SchemaType = if case .list(let element) = type { element } else { .any }
            var compiled: [CompiledArgument] = []
            for item in items {
                guard let value = compileArgument(item, as: element, compiler: compiler, source: source) else {
                    return nil
                }
                compiled.append(value)
            }
            return .list(compiled)
        case .mapping(let pairs, _):
            let valueType: SchemaType = if case .map(let value) = type { value } else { .any }
            var compiled: [String: CompiledArgument] = [:]
            for pair in pairs {
                guard let key = pair.key.scalarValue,
                    let value = compileArgument(pair.value, as: valueType, compiler: compiler, source: source)
                else { return nil }
                compiled[key] = value
            }
            return .map(compiled)
        }
    }

    /// A literal as the value its type asks for (the checker has already rejected mismatches).
    static func literal(_ text: String, style: ScalarStyle, as type: SchemaType) -> Value {
        let unescaped = text.replacingOccurrences(of: "$${", with: "${")
        guard style == .plain else { return .string(unescaped) }
        switch type {
        case .int: return Int(text).map(Value.int) ?? .string(unescaped)
        case .double: return Double(text).map(Value.double) ?? .string(unescaped)
        case .bool: return text == "true" ? .bool(true) : (text == "false" ? .bool(false) : .string(unescaped))
        default: return .string(unescaped)
        }
    }

    // MARK: reporting

    private mutating func report(_ issues: [ExpressionIssue], in text: ExpressionText, source: SourceFile) {
        guard !issues.isEmpty else { return }
        let map = ScalarPositionMap(node: text.node, source: source)
        for issue in issues {
            diagnostics.append(issue.diagnostic(file: source.path, position: map.position(at:)))
        }
    }

    /// A `|regex` value compiled, or nil after reporting why it does not compile (E309, with RE2's reason).
    private mutating func compilePattern(_ value: Located<String>) -> RegexPattern? {
        switch RegexPattern.compile(value.value) {
        case .success(let pattern):
            return pattern
        case .failure(let error):
            diagnostics.append(
                Diagnostic(
                    .expressionInvalidRegex,
                    "\(error.description)",
                    at: value.range
                )
            )
            return nil
        }
    }

    /// The items of list `name` compiled as patterns; nil when one does not compile (reported once per list).
    private mutating func compilePatterns(ofList name: String) -> [RegexPattern]? {
        let items = listItems[name] ?? []
        let firstTime = listsCompiledAsPatterns.insert(name).inserted
        var patterns: [RegexPattern] = []
        for item in items {
            if firstTime {
                guard let pattern = compilePattern(item) else { continue }
                patterns.append(pattern)
            } else if let pattern = try? RegexPattern.compile(item.value).get() {
                patterns.append(pattern)
            }
        }
        return patterns.count == items.count ? patterns : nil
    }

    private mutating func reportUnused(lists: [String: [String]], maps: [String: [String: Value]]) {
        var used = namesUsedByRules
        var usedMacros: Set<String> = []
        var pending = Array(namesUsedByRules)
        while let name = pending.popLast() {
            guard let body = namesUsedByMacro[name], usedMacros.insert(name).inserted else { continue }
            used.formUnion(body)
            pending += body
        }
        let usedLists = used.union(listsUsedByMatch).union(EngineLists.all.keys)
        for file in files {
            for macro in file.macros where !usedMacros.contains(macro.name.value) {
                diagnostics.append(
                    Diagnostic(
                        .unusedMacro,
                        "macro `\(macro.name.value)` is never used",
                        at: macro.name.range,
                        suggestion: "remove it, or use it in a `when:`"
                    )
                )
            }
            for list in file.lists where !usedLists.contains(list.name.value) {
                diagnostics.append(
                    Diagnostic(
                        .unusedList,
                        "list `\(list.name.value)` is never used",
                        at: list.name.range,
                        suggestion: "remove it, or use it with `in` or `match: {Field: $\(list.name.value)}`"
                    )
                )
            }
            for map in file.maps where !used.contains(map.name.value) {
                diagnostics.append(
                    Diagnostic(
                        .unusedMap,
                        "map `\(map.name.value)` is never used",
                        at: map.name.range,
                        suggestion: "remove it, or use it with `lookup(\(map.name.value), key)`"
                    )
                )
            }
        }
    }
}
