/// Checks a whole rules folder after decoding: names resolve (events, fields, actions, arguments,
/// lists, maps), ids are unique across files, bindings are sound, no rule is shadowed.
struct RuleSetChecker {
    let files: [RuleFile]
    private(set) var diagnostics: [Diagnostic] = []

    init(files: [RuleFile]) {
        self.files = files
    }

    var allRules: [Rule] { files.flatMap(\.rules) }

    mutating func checkStructure() {
        checkUniqueNames()
        let listNames = Set(files.flatMap { $0.lists.map(\.name.value) })
        for rule in allRules {
            checkEvents(of: rule)
            checkMatch(of: rule, listNames: listNames)
            checkActions(of: rule)
        }
        checkBindings()
        checkShadowing()
        for rule in allRules where rule.isEnabled { checkSelfTriggering(rule) }
        diagnostics += QueueSetChecker.check(files)
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    // MARK: names

    private mutating func checkUniqueNames() {
        unique(allRules.map(\.id), kind: "rule id")
        unique(files.flatMap { $0.lists.map(\.name) }, kind: "list")
        unique(files.flatMap { $0.maps.map(\.name) }, kind: "map")
        unique(files.flatMap { $0.macros.map(\.name) }, kind: "macro")
    }

    private mutating func unique(_ names: [Located<String>], kind: String) {
        var seen: [String: SourceRange] = [:]
        for name in names {
            if let first = seen[name.value] {
                diagnostics.append(
                    Diagnostic(
                        .duplicateID,
                        "\(kind) `\(name.value)` is defined twice",
                        at: name.range,
                        notes: [Diagnostic.Note("first defined here", at: first)],
                        suggestion: "rename one of them; names are unique across every file of the rules folder"
                    )
                )
            } else {
                seen[name.value] = name.range
            }
        }
    }

    // MARK: events and match

    private mutating func checkEvents(of rule: Rule) {
        for event in rule.events where EventCatalog.event(named: event.value) == nil {
            diagnostics.append(
                Diagnostic(
                    .unknownEvent,
                    "unknown event `\(event.value)`\(Spelling.hint(for: event.value, among: EventCatalog.names))",
                    at: event.range
                )
            )
        }
    }

    private mutating func checkMatch(of rule: Rule, listNames: Set<String>) {
        let events = rule.events.compactMap { EventCatalog.event(named: $0.value) }
        for condition in rule.match {
            let path = condition.field.value.split(separator: ".").map(String.init)
            for event in events where FieldPath.resolve(path, in: event.payload) == nil {
                let candidates = event.payload.fields.map(\.name)
                diagnostics.append(
                    Diagnostic(
                        .unknownEventField,
                        "`\(event.name)` has no field `\(condition.field.value)`"
                            + "\(Spelling.hint(for: condition.field.value, among: candidates))",
                        at: condition.field.range,
                        notes: [Diagnostic.Note("the rule reacts to `\(event.name)` (`on:`)")]
                    )
                )
            }
            if let reference = condition.listReference, !listNames.contains(reference.value) {
                diagnostics.append(
                    Diagnostic(
                        .unknownReference,
                        "no list named `\(reference.value)`\(Spelling.hint(for: reference.value, among: listNames))",
                        at: reference.range
                    )
                )
            }
        }
    }

    // MARK: actions

    private mutating func checkActions(of rule: Rule) {
        for action in rule.actions {
            guard let schema = ActionCatalog.action(named: action.name.value) else {
                diagnostics.append(
                    Diagnostic(
                        .unknownAction,
                        "unknown action `\(action.name.value)`"
                            + "\(Spelling.hint(for: action.name.value, among: ActionCatalog.names))",
                        at: action.name.range
                    )
                )
                continue
            }
            let names = schema.arguments.map(\.name)
            for argument in action.arguments where schema.argument(argument.name.value) == nil {
                diagnostics.append(
                    Diagnostic(
                        .unknownArgument,
                        "`\(schema.name)` takes no argument `\(argument.name.value)`"
                            + "\(Spelling.hint(for: argument.name.value, among: names))",
                        at: argument.name.range,
                        notes: [Diagnostic.Note("`\(schema.name)` takes: " + names.joined(separator: ", "))]
                    )
                )
            }
            for argument in action.arguments {
                if let expected = schema.argument(argument.name.value)?.type {
                    checkLiteral(argument.value, against: expected, argument: argument.name.value, action: schema.name)
                }
            }
            let given = Set(action.arguments.map(\.name.value))
            for required in schema.arguments where required.isRequired && !given.contains(required.name) {
                diagnostics.append(
                    Diagnostic(
                        .missingArgument,
                        "`\(schema.name)` needs `\(required.name)` (\(required.type))",
                        at: action.name.range,
                        suggestion: required.doc.isEmpty ? nil : "\(required.name): \(required.doc)"
                    )
                )
            }
            if let binding = action.binding, schema.result == nil {
                diagnostics.append(
                    Diagnostic(
                        .reservedBinding,
                        "`\(schema.name)` has no result to bind with `as: \(binding.value)`",
                        at: binding.range
                    )
                )
            }
        }
    }

    /// Checks a literal (non-template) argument value against its type; `${…}` values are checked
    /// by the expression compiler.
    private mutating func checkLiteral(_ node: YAMLNode, against expected: SchemaType, argument: String, action: String)
    {
        if let text = node.scalarValue, TemplateText.containsInterpolation(text) { return }
        var problem: String?
        switch (expected, node.kind) {
        case (.any, _), (.string, .scalar):
            break
        case (.int, .scalar(let text, let style)):
            if style != .plain || Int(text) == nil { problem = "an int" }
        case (.double, .scalar(let text, let style)):
            if style != .plain || Double(text) == nil { problem = "a number" }
        case (.bool, .scalar(let text, let style)):
            if style != .plain || !["true", "false"].contains(text) { problem = "`true` or `false`" }
        case (.enumeration(let values), .scalar(let text, _)):
            if !values.contains(text) {
                problem = "one of " + values.joined(separator: ", ") + Spelling.hint(for: text, among: values)
            }
        case (.list(let element), .sequence(let items, _)):
            for item in items { checkLiteral(item, against: element, argument: argument, action: action) }
        case (.map(let value), .mapping(let pairs, _)):
            for pair in pairs { checkLiteral(pair.value, against: value, argument: argument, action: action) }
        case (.list, _):
            problem = "a list (`[a, b]`)"
        case (.map, _), (.object, _):
            problem = "a mapping"
        default:
            problem = "\(expected)"
        }
        if let problem {
            let written = node.scalarValue.map { "`\($0)`" } ?? "a \(node.kindName)"
            diagnostics.append(
                Diagnostic(
                    .argumentType,
                    "`\(argument)` of `\(action)` must be \(problem), not \(written)",
                    at: node.range
                )
            )
        }
    }

    /// `as:` names: not a field of the call, and one kind of action per name.
    private mutating func checkBindings() {
        var boundBy: [String: (action: String, range: SourceRange)] = [:]
        let reserved = ContextCatalog.reservedCallFields
        for rule in allRules {
            for action in rule.actions {
                guard let binding = action.binding else { continue }
                if reserved.contains(binding.value) {
                    diagnostics.append(
                        Diagnostic(
                            .reservedBinding,
                            "`as: \(binding.value)` would hide the call's own `call.\(binding.value)`",
                            at: binding.range,
                            suggestion: "choose another name"
                        )
                    )
                } else if let earlier = boundBy[binding.value], earlier.action != action.name.value {
                    diagnostics.append(
                        Diagnostic(
                            .reservedBinding,
                            "`call.\(binding.value)` already holds the result of `\(earlier.action)`, "
                                + "not `\(action.name.value)`",
                            at: binding.range,
                            notes: [Diagnostic.Note("bound here", at: earlier.range)]
                        )
                    )
                } else if boundBy[binding.value] == nil {
                    boundBy[binding.value] = (action.name.value, binding.range)
                }
            }
        }
    }

    /// The result type bound under each `as:` name.
    var bindings: [String: CatalogObject] {
        var result: [String: CatalogObject] = [:]
        for action in allRules.flatMap(\.actions) {
            guard let binding = action.binding, result[binding.value] == nil,
                let schema = ActionCatalog.action(named: action.name.value)?.result
            else { continue }
            result[binding.value] = schema
        }
        return result
    }

    // MARK: order

    /// A rule after an unconditional `stop: true` rule on all of its events never runs.
    private mutating func checkShadowing() {
        var stoppedBy: [String: Rule] = [:]
        for rule in allRules where rule.isEnabled {
            let names = rule.events.map(\.value)
            if let first = names.first, let stopper = stoppedBy[first], names.allSatisfy({ stoppedBy[$0] != nil }) {
                diagnostics.append(
                    Diagnostic(
                        .shadowedRule,
                        "rule `\(rule.id.value)` never runs: `\(stopper.id.value)` stops every `\(first)` before it",
                        at: rule.id.range,
                        notes: [Diagnostic.Note("`stop: true` with no condition here", at: stopper.id.range)],
                        suggestion: "move this rule before `\(stopper.id.value)`, or give that rule a condition"
                    )
                )
            }
            if rule.stops && rule.match.isEmpty && rule.when == nil {
                for name in names where stoppedBy[name] == nil { stoppedBy[name] = rule }
            }
        }
    }
}

extension RuleSetChecker {
    /// Events that a new channel causes: an originate from a rule on one of them starts what triggers it again.
    static let channelStartEvents: Set<String> = ["call.started", "Newchannel"]

    /// A rule whose own action triggers it again (W406).
    mutating func checkSelfTriggering(_ rule: Rule) {
        let events = Set(rule.events.map(\.value))
        if events.contains("call.result") {
            let readsName =
                (rule.when?.text.contains("event.name") ?? false) || rule.match.contains { $0.field.value == "name" }
            for action in rule.actions {
                guard let binding = action.binding, !readsName else { continue }
                report(
                    Diagnostic(
                        .selfTriggeringRule,
                        "rule `\(rule.id.value)` runs on every call.result and binds `as: \(binding.value)`: "
                            + "its own result fires it again",
                        at: binding.range,
                        suggestion: "add a condition on `event.name` that excludes `\(binding.value)`"
                    )
                )
            }
        }
        if !events.isDisjoint(with: Self.channelStartEvents), rule.when == nil, rule.match.isEmpty {
            for action in rule.actions where action.name.value == ActionKind.originate.rawValue {
                report(
                    Diagnostic(
                        .selfTriggeringRule,
                        "rule `\(rule.id.value)` originates a call on every new call: the call it starts fires it "
                            + "again",
                        at: action.name.range,
                        suggestion: "give the rule a `when:` that the originated call does not meet"
                    )
                )
            }
        }
    }
}

/// Resolves dotted field paths (`member.extension`) in object schemas.
enum FieldPath {
    static func resolve(_ path: [String], in object: CatalogObject) -> SchemaType? {
        guard let first = path.first else { return .object(object) }
        guard let field = object.field(first) else { return object.isOpen ? .any : nil }
        if path.count == 1 { return field.type }
        switch field.type {
        case .object(let inner): return resolve(Array(path.dropFirst()), in: inner)
        case .map(let value): return path.count == 2 ? value : nil
        case .any: return .any
        default: return nil
        }
    }
}
