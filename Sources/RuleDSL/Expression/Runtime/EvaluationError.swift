/// Why an evaluation produced no value. Errors are values of the evaluation, not crashes: `&&` and `||`
/// absorb them when the other side decides the result, `??` replaces an absent one, and a `when:` that
/// ends in an error does not fire (the trace records which error).
public enum EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A field, key or element is not there (or is a deferred result read in a condition). The payload
    /// names what was read, e.g. `event.MemberName`.
    case absent(String)
    /// A value has a type the operation does not accept (possible with `dyn` values).
    case typeMismatch(String)
    /// An argument has the right type but an unusable value (`int("abc")`, a bad dynamic regex).
    case invalidArgument(String)
    /// Integer arithmetic overflowed.
    case overflow(String)
    /// A function bound at run time (such as `user_of`) has no binding in the evaluation context.
    case unboundFunction(String)
    /// A deferred result was used, in an argument, where its value is needed now (see ``DeferredValue``).
    case deferred(DeferredReference)

    /// The case name, for tables and traces: `absent`, `type_mismatch`, `invalid_argument`, `overflow`,
    /// `unbound_function`, `deferred`.
    public var kindName: String {
        switch self {
        case .absent: "absent"
        case .typeMismatch: "type_mismatch"
        case .invalidArgument: "invalid_argument"
        case .overflow: "overflow"
        case .unboundFunction: "unbound_function"
        case .deferred: "deferred"
        }
    }

    public var description: String {
        switch self {
        case .absent(let what): "\(what) is absent"
        case .typeMismatch(let message): message
        case .invalidArgument(let message): message
        case .overflow(let message): message
        case .unboundFunction(let name): "function `\(name)` has no binding at run time"
        case .deferred(let reference): "`\(reference)` is not known yet (its action has not answered)"
        }
    }
}
