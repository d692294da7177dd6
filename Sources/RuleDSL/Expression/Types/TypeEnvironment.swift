/// Everything the type checker resolves names against: root variables with their types, the named
/// lists, maps and macros of the rules folder, and the function registry.
///
/// A bare identifier is looked up in this order: variables, lists, maps, macros. (Lint reports a list,
/// map or macro that shadows a variable.)
public struct TypeEnvironment: Sendable {
    /// Root variables (`event`, `call`, `config`, …) and their types, usually ``ExpressionType/object(_:)``.
    public var variables: [String: ExpressionType]
    /// Named lists (`lists:`): each is a constant `list(string)`.
    public var lists: [String: [String]]
    /// Named maps (`maps:`): each is a constant map, e.g. hangup cause → Bitrix24 STATUS_CODE, used with
    /// `lookup(map, key)` or `map[key]`.
    public var maps: [String: [String: Value]]
    /// Named macros (`macros:`): a bare macro name stands for the macro's checked expression.
    public var macros: [String: MacroBinding]
    /// The callable functions.
    public var functions: FunctionRegistry

    /// Creates an environment; functions default to the standard library.
    public init(
        variables: [String: ExpressionType] = [:],
        lists: [String: [String]] = [:],
        maps: [String: [String: Value]] = [:],
        macros: [String: MacroBinding] = [:],
        functions: FunctionRegistry = .standard()
    ) {
        self.variables = variables
        self.lists = lists
        self.maps = maps
        self.macros = macros
        self.functions = functions
    }

    /// Every name a bare identifier can resolve to, for "did you mean".
    var identifierNames: [String] {
        Array(variables.keys) + Array(lists.keys) + Array(maps.keys) + Array(macros.keys)
    }
}

/// How a macro name resolves.
public enum MacroBinding: Sendable {
    /// An expression already checked (against an environment of the rules folder); references to the
    /// macro use its type and inline its compiled program.
    case checked(CheckedExpression)
    /// Resolved on first use: the loader checks the macro's body when it is first referenced (which lets
    /// it check macros in dependency order and detect cycles). Returns nil when the macro's definition
    /// has errors or refers back to itself; the reference then earns E310 (the cause is reported at
    /// the macro's definition).
    case resolver(@Sendable (String) -> CheckedExpression?)
}
