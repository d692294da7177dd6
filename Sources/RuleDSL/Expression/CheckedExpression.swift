/// The closure a compiled expression runs: built once from the checked syntax tree, so an evaluation
/// never parses text, looks up functions by name (except run-time bindings) or resolves types.
typealias Evaluator = @Sendable (EvaluationContext) throws(EvaluationError) -> Value

/// A parsed, type-checked and compiled expression, ready to evaluate any number of times from any task.
public struct CheckedExpression: Sendable {
    /// The syntax tree (spans are offsets into the text the expression was compiled from).
    public let syntax: ExpressionNode
    /// The static type.
    public let type: ExpressionType
    /// The variables, fields, lists, maps, macros and functions the expression uses.
    public let references: ExpressionReferences
    /// The value, when the expression is a constant (a literal, a named list, `[1, 2]`).
    public let constantValue: Value?
    /// Field paths known to be present when the expression is true (from `has()` conjuncts); lets a
    /// macro such as `has(event.MemberName)` guard reads in the expression using it.
    let presentWhenTrue: Set<String>
    /// Field paths known to be present when the expression is false (`!has(…)`).
    let presentWhenFalse: Set<String>
    let evaluator: Evaluator

    init(
        syntax: ExpressionNode,
        type: ExpressionType,
        references: ExpressionReferences,
        constantValue: Value?,
        presentWhenTrue: Set<String>,
        presentWhenFalse: Set<String>,
        evaluator: @escaping Evaluator
    ) {
        self.syntax = syntax
        self.type = type
        self.references = references
        self.constantValue = constantValue
        self.presentWhenTrue = presentWhenTrue
        self.presentWhenFalse = presentWhenFalse
        self.evaluator = evaluator
    }

    /// Evaluates the expression. Deferred values read as ``EvaluationContext/mode`` says.
    public func evaluate(_ context: EvaluationContext) throws(EvaluationError) -> Value {
        try evaluator(context)
    }

    /// Evaluates the expression as a `when:` condition, in ``EvaluationContext/Mode/condition`` whatever
    /// the context's mode: true, false, or the error that kept it from deciding (an absent field not
    /// absorbed by `&&`/`||`), in which case the rule does not fire.
    public func evaluateCondition(_ context: EvaluationContext) -> ConditionOutcome {
        let result: Value
        do throws(EvaluationError) {
            if context.mode == .condition {
                result = try evaluator(context)
            } else {
                var conditionContext = context
                conditionContext.mode = .condition
                result = try evaluator(conditionContext)
            }
        } catch {
            return .failed(error)
        }
        switch result {
        case .bool(true): return .satisfied
        case .bool(false): return .notSatisfied
        default: return .failed(.typeMismatch("the condition gave \(result.typeNameWithArticle), not a bool"))
        }
    }
}

/// What a condition decided.
public enum ConditionOutcome: Sendable, Hashable {
    /// The condition is true: the rule fires.
    case satisfied
    /// The condition is false.
    case notSatisfied
    /// The condition could not be decided (the trace shows why); the rule does not fire.
    case failed(EvaluationError)

    /// Whether the rule fires.
    public var isSatisfied: Bool { self == .satisfied }
}

/// The names an expression uses, for lint (unused lists, maps and macros; fields an event never carries).
public struct ExpressionReferences: Sendable, Hashable {
    /// Root variables read.
    public var variables: Set<String> = []
    /// Field paths read or tested, e.g. `event.Queue`, `call.crm.responsible`.
    public var fieldPaths: Set<String> = []
    /// Named lists used.
    public var lists: Set<String> = []
    /// Named maps used.
    public var maps: Set<String> = []
    /// Macros used (directly; a macro's own references are in its own ``CheckedExpression``).
    public var macros: Set<String> = []
    /// Functions called.
    public var functions: Set<String> = []

    /// Creates an empty set of references.
    public init() {}

    mutating func formUnion(_ other: ExpressionReferences) {
        variables.formUnion(other.variables)
        fieldPaths.formUnion(other.fieldPaths)
        lists.formUnion(other.lists)
        maps.formUnion(other.maps)
        macros.formUnion(other.macros)
        functions.formUnion(other.functions)
    }
}
