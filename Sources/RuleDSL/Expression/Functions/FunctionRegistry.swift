/// The functions an expression may call, by name and form; used by the type checker (resolution), the
/// compiler (implementations), lint ("did you mean") and the schema generator (documentation).
public struct FunctionRegistry: Sendable {
    private var overloadsByName: [String: [FunctionOverload]] = [:]

    /// Creates a registry of overloads.
    public init(_ overloads: [FunctionOverload] = []) {
        for overload in overloads { register(overload) }
    }

    /// Adds an overload (after those already registered under its name, which are tried first).
    public mutating func register(_ overload: FunctionOverload) {
        overloadsByName[overload.name, default: []].append(overload)
    }

    /// The overloads of `name` in `form`.
    public func overloads(named name: String, form: FunctionOverload.Form) -> [FunctionOverload] {
        overloadsByName[name]?.filter { $0.form == form } ?? []
    }

    /// Every overload, grouped by name in name order.
    public var all: [FunctionOverload] {
        overloadsByName.keys.sorted().flatMap { overloadsByName[$0] ?? [] }
    }

    /// Every function name (plus the macros `has`, `exists` and `all`, which the checker handles itself).
    public var names: [String] {
        Array(Set(overloadsByName.keys).union(["has", "exists", "all"])).sorted()
    }
}
