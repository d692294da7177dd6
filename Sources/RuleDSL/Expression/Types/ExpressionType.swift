/// The static type of an expression, for the gradual type check done when rules are loaded.
///
/// `dyn` is the unknown type: it is accepted wherever any type is expected and its operations are
/// checked at run time instead. Map keys are strings at run time (see ``Value``); a map type's key type
/// says which literal keys are accepted (`string`, `int` or `bool`, all stored as their text).
public indirect enum ExpressionType: Sendable, Hashable, CustomStringConvertible {
    case bool
    case int
    case double
    case string
    case null
    case dyn
    case list(ExpressionType)
    case map(key: ExpressionType, value: ExpressionType)
    case object(ObjectSchema)

    public var description: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .null: "null"
        case .dyn: "dyn"
        case .list(let element): "list(\(element))"
        case .map(let key, let value): "map(\(key), \(value))"
        case .object(let schema): schema.name
        }
    }

    /// The type's name with an indefinite article, for messages: "an int", "a string", "a list(string)".
    public var withArticle: String {
        let name = description
        let startsWithVowel = name.first.map { "aeiouAEIOU".contains($0) } ?? false
        return (startsWithVowel ? "an " : "a ") + name
    }

    /// Whether a value of type `self` may be used where `expected` is required: equal types, `dyn` on
    /// either side, `null` where an object or map is expected, and containers whose element types are
    /// compatible.
    public func isAssignable(to expected: ExpressionType) -> Bool {
        switch (self, expected) {
        case (.dyn, _), (_, .dyn): true
        case (.list(let a), .list(let b)): a.isAssignable(to: b)
        case (.map(let ka, let va), .map(let kb, let vb)): ka.isAssignable(to: kb) && va.isAssignable(to: vb)
        case (.object(let a), .object(let b)): a.name == b.name
        case (.object, .map(_, _)), (.map(_, _), .object): true
        case (.null, .object), (.null, .map(_, _)): true
        default: self == expected
        }
    }

    /// Whether `==` between values of the two types can ever be true: numbers compare with numbers,
    /// containers element-wise, `null` and `dyn` with anything.
    public func isComparable(with other: ExpressionType) -> Bool {
        switch (self, other) {
        case (.dyn, _), (_, .dyn), (.null, _), (_, .null): return true
        case (.list(let a), .list(let b)): return a.isComparable(with: b)
        case (.map(let ka, let va), .map(let kb, let vb)): return ka.isComparable(with: kb) && va.isComparable(with: vb)
        default:
            if mayBeNumber && other.mayBeNumber { return true }
            return isAssignable(to: other) || other.isAssignable(to: self)
        }
    }

    /// Whether the type is a number (`int`, `double`) or could be one (`dyn`).
    var mayBeNumber: Bool { self == .int || self == .double || self == .dyn }

    /// The common type of two branches (`? :`, `??`, list elements): equal types stay, `int` and
    /// `double` give `double`, `null` gives way to the other, anything else gives `dyn`.
    public func joined(with other: ExpressionType) -> ExpressionType {
        if self == other { return self }
        switch (self, other) {
        case (.int, .double), (.double, .int): return .double
        case (.null, let other), (let other, .null): return other
        case (.list(let a), .list(let b)): return .list(a.joined(with: b))
        case (.map(let ka, let va), .map(let kb, let vb)):
            return .map(key: ka.joined(with: kb), value: va.joined(with: vb))
        default: return .dyn
        }
    }

    /// The common type of several types (see ``joined(with:)``), nil for none.
    public static func join(_ types: [ExpressionType]) -> ExpressionType? {
        guard var result = types.first else { return nil }
        for type in types.dropFirst() { result = result.joined(with: type) }
        return result
    }
}
