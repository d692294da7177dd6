/// The operations of the language on values, shared by the compiled program and the built-in functions.
extension Value {
    /// Equality as `==` defines it: `int` and `double` compare numerically, lists and maps element-wise,
    /// and values of different types are unequal (never an error).
    public func isEqual(to other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.int(let a), .double(let b)): Double(a) == b
        case (.double(let a), .int(let b)): a == Double(b)
        case (.string(let a), .string(let b)): a == b
        case (.list(let a), .list(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
        case (.map(let a), .map(let b)):
            a.count == b.count && a.allSatisfy { key, value in b[key].map { value.isEqual(to: $0) } ?? false }
        default: false
        }
    }

    /// Orders two numbers or two strings (strings by Unicode scalar values); nil for other pairs.
    func compare(to other: Value) -> Int? {
        switch (self, other) {
        case (.int(let a), .int(let b)): a < b ? -1 : (a == b ? 0 : 1)
        case (.double(let a), .double(let b)): a < b ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .double(let b)): Double(a) < b ? -1 : (Double(a) == b ? 0 : 1)
        case (.double(let a), .int(let b)): a < Double(b) ? -1 : (a == Double(b) ? 0 : 1)
        case (.string(let a), .string(let b)):
            a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : (a == b ? 0 : 1)
        case (.bool(let a), .bool(let b)): a == b ? 0 : (!a ? -1 : 1)
        default: nil
        }
    }

    /// The text of a scalar value as `string(x)` and `${x}` produce it: strings as they are, integers in
    /// decimal, doubles in Swift's shortest round-trip form (`1.5`, `2.0`), `true`/`false`, `null`.
    /// Lists and maps have no text form (``EvaluationError/typeMismatch(_:)``).
    public func interpolationText() throws(EvaluationError) -> String {
        switch self {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .list, .map: throw .typeMismatch("a \(typeName) cannot be turned into text; select an element or field")
        case .deferred(let deferred):
            throw .deferred(deferred.references.first ?? DeferredReference([]))
        }
    }

    /// The string a scalar becomes when used as a map key: strings as they are, integers in decimal,
    /// `true`/`false`; nil for other values.
    var mapKey: String? {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }
}
