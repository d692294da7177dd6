public import RuleDSL

extension Value {
    /// The value for `JSONSerialization`: maps and lists as such, a deferred value as `{"$deferred":
    /// "call.b24.call_id"}`
    /// (a concatenation as its template text, e.g. `"${call.b24.call_id}-x"`).
    public var jsonObject: Any {
        switch self {
        case .null: NSNullPlaceholder.null
        case .bool(let value): value
        case .int(let value): value
        case .double(let value): value
        case .string(let value): value
        case .list(let values): values.map(\.jsonObject)
        case .map(let entries): entries.mapValues(\.jsonObject)
        case .deferred(let deferred):
            switch deferred {
            case .reference(let reference): ["$deferred": reference.description]
            case .concatenation, .fallback: ["$deferred": deferred.description]
            }
        }
    }

    /// A compact, readable rendering: `{a: 1, b: "x"}` with keys sorted, deferred values as `${call.b24}`.
    public var compactText: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value.debugDescription
        case .list(let values): "[" + values.map(\.compactText).joined(separator: ", ") + "]"
        case .map(let entries):
            "{"
                + entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.compactText)" }.joined(
                    separator: ", "
                ) + "}"
        case .deferred(let deferred): deferred.description
        }
    }
}

/// `NSNull` without importing Foundation into every file that renders values.
enum NSNullPlaceholder {
    static var null: Any { FoundationNull.value }
}
