/// What an evaluation reads: the root variables as a ``Value`` tree, the functions bound at run time,
/// and how deferred results read.
public struct EvaluationContext: Sendable {
    /// How deferred values (``DeferredValue``) read.
    public enum Mode: Sendable, Hashable {
        /// A `when:` condition: a deferred value reads as absent.
        case condition
        /// An action argument or template: a deferred value travels as a symbolic reference.
        case argument
    }

    /// Root variables by name (`event`, `call`, `config`, …); a missing one reads as absent.
    public var variables: [String: Value]
    /// Functions bound at run time, such as `user_of`.
    public var functions: FunctionBindings
    /// How deferred values read.
    public var mode: Mode
    /// Values of comprehension variables (`x` in `list.exists(x, …)`), by nesting depth.
    var locals: [Value] = []

    /// Creates a context.
    public init(variables: [String: Value], functions: FunctionBindings = FunctionBindings(), mode: Mode = .condition) {
        self.variables = variables
        self.functions = functions
        self.mode = mode
    }
}

/// Implementations of functions declared as bound at run time (``FunctionOverload/Implementation/bound(_:)``),
/// e.g. `user_of(extension)`, which asks the user directory. A binding throws
/// ``EvaluationError/absent(_:)`` when it has no answer (an extension without a user), so that
/// `user_of(x) ?? default` works.
public struct FunctionBindings: Sendable {
    /// A bound function: receives the evaluated arguments (a receiver first).
    public typealias Function = @Sendable ([Value]) throws(EvaluationError) -> Value

    private var functions: [String: Function]

    /// Creates bindings from functions by name.
    public init(_ functions: [String: Function] = [:]) {
        self.functions = functions
    }

    /// The function bound to `name`.
    public subscript(name: String) -> Function? {
        get { functions[name] }
        set { functions[name] = newValue }
    }
}
