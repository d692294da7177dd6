/// A JSON value type with cases for the scalars — `null`, `bool`, `int`, `double`, `string` — which an enum's cases
/// satisfy as they are (`case int(Int)` is `static func int(_:) -> Self`).
public protocol JSONScalarRepresentable {
    /// JSON `null`.
    static var null: Self { get }
    /// `true` or `false`.
    static func bool(_ flag: Bool) -> Self
    /// A number without a fraction that fits an `Int`.
    static func int(_ number: Int) -> Self
    /// Any other number.
    static func double(_ number: Double) -> Self
    /// A string.
    static func string(_ text: String) -> Self
}

extension SingleValueDecodingContainer {
    /// The scalar this container holds, read in the one order that keeps JSON's types apart (`true` stays a boolean,
    /// `42` an integer, `1.5` or an integer too large for `Int` a double); nil when it holds an array or an object.
    public func decodeScalar<Value: JSONScalarRepresentable>(as type: Value.Type = Value.self) -> Value? {
        if decodeNil() { return .null }
        if let flag = try? decode(Bool.self) { return .bool(flag) }
        if let number = try? decode(Int.self) { return .int(number) }
        if let number = try? decode(Double.self) { return .double(number) }
        if let text = try? decode(String.self) { return .string(text) }
        return nil
    }
}
