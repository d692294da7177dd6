/// A run-time value of the expression language.
///
/// Objects (`event`, `call`, `config`, action results) are maps. Map keys are always strings: an `int`
/// or `bool` key (`{16: "x"}`, `m[16]`, `16 in m`) is converted to its text (`"16"`, `"true"`), which
/// matches AMI, where every header value is text.
///
/// **Absence is not a value.** Reading a field or key that is not there raises
/// ``EvaluationError/absent(_:)`` rather than producing `""` or `null`; `has(x.f)` tests presence and
/// `a ?? b` supplies a default. `null` is a real value (e.g. a JSON `null` in a Bitrix24 answer); `??`
/// treats it like absence.
///
/// **Deferred values.** ``deferred(_:)`` stands for an action result that is not known yet (see
/// ``DeferredValue``); how it reads depends on ``EvaluationContext/Mode``.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    case map([String: Value])
    case deferred(DeferredValue)

    /// The value's type name as used in messages: `null`, `bool`, `int`, `double`, `string`, `list`,
    /// `map`, `deferred`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .list: "list"
        case .map: "map"
        case .deferred: "deferred"
        }
    }

    /// The type name with an indefinite article: "an int", "a string".
    public var typeNameWithArticle: String {
        (typeName == "int" ? "an " : "a ") + typeName
    }

    /// Whether the value is, or contains at any depth, a deferred value.
    public var containsDeferred: Bool {
        switch self {
        case .deferred: true
        case .list(let elements): elements.contains { $0.containsDeferred }
        case .map(let entries): entries.values.contains { $0.containsDeferred }
        default: false
        }
    }

    /// Replaces every deferred value by what `resolve` gives for its reference, concatenating the text of
    /// deferred templates. Returns nil when `resolve` returns nil for any reference (still unknown).
    public func resolvingDeferred(_ resolve: (DeferredReference) -> Value?) -> Value? {
        switch self {
        case .deferred(let deferred): return deferred.resolve(resolve)
        case .list(let elements):
            var resolved: [Value] = []
            resolved.reserveCapacity(elements.count)
            for element in elements {
                guard let value = element.resolvingDeferred(resolve) else { return nil }
                resolved.append(value)
            }
            return .list(resolved)
        case .map(let entries):
            var resolved: [String: Value] = [:]
            for (key, element) in entries {
                guard let value = element.resolvingDeferred(resolve) else { return nil }
                resolved[key] = value
            }
            return .map(resolved)
        default: return self
        }
    }
}

extension Value {
    /// A map of text fields, e.g. the headers of an AMI event.
    public init(fields: [String: String]) {
        self = .map(fields.mapValues(Value.string))
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
