/// One signature of a function the expression language can call, with its implementation.
///
/// A receiver-style overload (`s.startsWith(p)`) lists the receiver's type as its first parameter; the
/// implementation receives the receiver as its first argument. Implementations get values already
/// checked by the type checker, but must still check them at run time when a static type was `dyn`
/// (throwing ``EvaluationError/typeMismatch(_:)``).
public struct FunctionOverload: Sendable {
    /// How the function is called.
    public enum Form: Sendable, Hashable {
        /// `name(a, b)`.
        case global
        /// `a.name(b)`.
        case receiver
    }

    /// How the function is evaluated.
    public enum Implementation: Sendable {
        /// A pure function of one argument.
        case unary(@Sendable (Value) throws(EvaluationError) -> Value)
        /// A pure function of two arguments.
        case binary(@Sendable (Value, Value) throws(EvaluationError) -> Value)
        /// A pure function of any number of arguments.
        case variadic(@Sendable ([Value]) throws(EvaluationError) -> Value)
        /// A function looked up by this name in ``EvaluationContext/functions`` at run time.
        case bound(String)
    }

    /// Why a call with constant arguments cannot be compiled (e.g. an invalid literal regex).
    public struct SpecializationError: Error, Sendable {
        /// The issue kind to report.
        public var kind: ExpressionIssue.Kind
        /// The message to report.
        public var message: String
        /// Which argument is at fault (receiver = 0 for receiver calls).
        public var argument: Int

        /// Creates an error.
        public init(_ kind: ExpressionIssue.Kind, _ message: String, argument: Int) {
            self.kind = kind
            self.message = message
            self.argument = argument
        }
    }

    /// The function name.
    public var name: String
    /// How it is called.
    public var form: Form
    /// Parameter types; for a receiver overload the first is the receiver.
    public var parameters: [ExpressionType]
    /// The result type.
    public var result: ExpressionType
    /// A one-line description for help and the schema.
    public var summary: String
    /// The implementation.
    public var implementation: Implementation
    /// Computes the result type from the argument types when it depends on them (e.g. `lookup`).
    public var resultType: (@Sendable ([ExpressionType]) -> ExpressionType)?
    /// Called once at compile time with the arguments that are constants (nil where not): may return a
    /// faster implementation (a regex compiled once) or reject a constant argument.
    public var specializer: (@Sendable ([Value?]) throws(SpecializationError) -> Implementation?)?
    /// Whether a deferred argument is passed through (only `string()`); otherwise a deferred argument
    /// raises ``EvaluationError/deferred(_:)``.
    public var acceptsDeferred: Bool

    /// Declares an overload.
    public init(
        _ name: String,
        _ form: Form = .global,
        parameters: [ExpressionType],
        result: ExpressionType,
        summary: String,
        acceptsDeferred: Bool = false,
        resultType: (@Sendable ([ExpressionType]) -> ExpressionType)? = nil,
        specializer: (@Sendable ([Value?]) throws(SpecializationError) -> Implementation?)? = nil,
        implementation: Implementation
    ) {
        self.name = name
        self.form = form
        self.parameters = parameters
        self.result = result
        self.summary = summary
        self.acceptsDeferred = acceptsDeferred
        self.resultType = resultType
        self.specializer = specializer
        self.implementation = implementation
    }

    /// How the signature reads in messages: `lookup(map, key)`, `string.startsWith(string)`.
    public var signature: String {
        switch form {
        case .global:
            "\(name)(\(parameters.map(\.description).joined(separator: ", ")))"
        case .receiver:
            "\(parameters.first?.description ?? "?").\(name)("
                + "\(parameters.dropFirst().map(\.description).joined(separator: ", ")))"
        }
    }
}
