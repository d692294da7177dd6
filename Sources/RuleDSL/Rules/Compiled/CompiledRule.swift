/// One rule, compiled: its trigger, its conditions and its actions, ready to evaluate per event.
public struct CompiledRule: Sendable {
    public let id: String
    public let description: String?
    public let tags: [String]
    /// The events it reacts to.
    public let events: [String]
    /// `match:`, all of which must hold.
    public let match: [CompiledMatch]
    /// `when:`.
    public let condition: CheckedExpression?
    /// The text of `when:` and the compiler that checked it, to compile its parts for traces on demand.
    let conditionSource: (text: String, compiler: ExpressionCompiler)?
    /// `do:`, in order.
    public let actions: [CompiledAction]
    /// `stop: true`.
    public let stops: Bool
    /// Where the rule is written.
    public let range: SourceRange

    /// Why the rule fires or not for an event: each `match:` entry and each part of `when:` with its outcome.
    public func explain(in context: EvaluationContext) -> [(condition: String, outcome: String)] {
        let event = context.variables["event"] ?? .null
        var lines: [(String, String)] = match.map { condition in
            let field =
                condition.path.joined(separator: ".")
                + (condition.modifier == .equals ? "" : "|\(condition.modifier.rawValue)")
                + (condition.isNegated ? "|not" : "")
            return ("match \(field): \(condition.values)", condition.holds(for: event) ? "true" : "false")
        }
        let parts =
            conditionSource.map { source in
                condition.map { RuleSetCompiler.conjuncts(of: $0, text: source.text, compiler: source.compiler) } ?? []
            } ?? []
        for part in parts {
            let outcome: String =
                switch part.expression.evaluateCondition(context) {
                case .satisfied: "true"
                case .notSatisfied: "false"
                case .failed(let error): "error: \(error)"
                }
            lines.append(("when \(part.text)", outcome))
        }
        return lines
    }

    /// Whether `match:` and `when:` hold for an event whose fields are `variables["event"]`.
    public func fires(in context: EvaluationContext) -> Bool {
        let event = context.variables["event"] ?? .null
        for condition in match where !condition.holds(for: event) { return false }
        return condition?.evaluateCondition(context).isSatisfied ?? true
    }
}

/// One `match:` condition, its regexes compiled.
public struct CompiledMatch: Sendable {
    /// The field path in the event, e.g. `["member", "extension"]`.
    public let path: [String]
    public let modifier: MatchCondition.Modifier
    public let isNegated: Bool
    /// The values (a `$list` is expanded at load).
    public let values: [String]
    let patterns: [RegexPattern]

    init(path: [String], modifier: MatchCondition.Modifier, isNegated: Bool, values: [String], patterns: [RegexPattern])
    {
        self.path = path
        self.modifier = modifier
        self.isNegated = isNegated
        self.values = values
        self.patterns = patterns
    }

    /// Whether the condition holds; an absent field never matches (and so satisfies `|not`).
    public func holds(for event: Value) -> Bool {
        var current = event
        for name in path {
            guard case .map(let fields) = current, let next = fields[name] else { return isNegated }
            current = next
        }
        let text: String
        switch current {
        case .string(let value): text = value
        case .int(let value): text = String(value)
        case .bool(let value): text = String(value)
        case .double(let value): text = String(value)
        default: return isNegated
        }
        let matched: Bool =
            switch modifier {
            case .equals: values.contains(text)
            case .startswith: values.contains { text.hasPrefix($0) }
            case .endswith: values.contains { text.hasSuffix($0) }
            case .contains: values.contains { text.contains($0) }
            case .regex: patterns.contains { $0.matches(text) }
            }
        return matched != isNegated
    }
}

/// One action of `do:`, its arguments compiled.
public struct CompiledAction: Sendable {
    /// One argument.
    public struct Argument: Sendable {
        public let name: String
        public let value: CompiledArgument
        /// An optional argument whose value is absent is left out of the call.
        public let isRequired: Bool
    }

    public let name: String
    public let schema: ActionSchema
    /// Which action it is.
    public var kind: ActionKind { schema.kind }
    /// Arguments in the order written.
    public let arguments: [Argument]
    /// `as:`.
    public let binding: String?

    /// Evaluates the arguments in argument mode: a deferred result travels as a reference, and an
    /// optional argument whose value is absent is left out.
    public func evaluateArguments(_ context: EvaluationContext) throws(EvaluationError) -> [String: Value] {
        var argumentContext = context
        argumentContext.mode = .argument
        var values: [String: Value] = [:]
        for argument in arguments {
            do throws(EvaluationError) {
                values[argument.name] = try argument.value.evaluate(argumentContext)
            } catch {
                if case .absent = error, !argument.isRequired { continue }
                throw error
            }
        }
        return values
    }
}

/// An argument value: a literal, a `${…}` template, or a list or mapping of those.
public indirect enum CompiledArgument: Sendable {
    case literal(Value)
    case template(CompiledTemplate)
    case list([CompiledArgument])
    case map([String: CompiledArgument])

    /// The argument's value.
    public func evaluate(_ context: EvaluationContext) throws(EvaluationError) -> Value {
        switch self {
        case .literal(let value): return value
        case .template(let template): return try template.evaluate(context)
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try item.evaluate(context)) }
            return .list(values)
        case .map(let entries):
            var values: [String: Value] = [:]
            for (key, entry) in entries { values[key] = try entry.evaluate(context) }
            return .map(values)
        }
    }
}
