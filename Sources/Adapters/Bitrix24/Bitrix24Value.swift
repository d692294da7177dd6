public import Foundation
public import JSONCoding

/// A JSON value from (or for) the Bitrix24 REST API, with tolerant accessors for the portal's quirks:
/// ids as strings or numbers, `"Y"`/`"N"` flags, `[]` for an empty object, `{}` for a date.
public enum Bitrix24Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([Bitrix24Value])
    case object([String: Bitrix24Value])

    /// The field `key` of an object (`nil` for anything else, including `[]`).
    public subscript(key: String) -> Bitrix24Value? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// An integer from a number or a numeric string (`"12"` → 12); `nil` otherwise.
    public var intValue: Int? {
        switch self {
        case .int(let number): return number
        case .double(let number): return number.isFinite && number == number.rounded() ? Int(exactly: number) : nil
        case .string(let text): return Int(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// Text from a string or a number; `nil` for null, booleans and containers.
    public var stringValue: String? {
        switch self {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return String(number)
        default: return nil
        }
    }

    /// A non-empty string, or `nil`.
    public var nonEmptyString: String? {
        stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A flag from `true`/`false`, `"Y"`/`"N"`, `"1"`/`"0"`, `"true"`/`"false"` or a number.
    public var boolValue: Bool? {
        switch self {
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .string(let text):
            switch text.lowercased() {
            case "y", "1", "true": return true
            case "n", "0", "false", "": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// A list: an array, or an object's values (PHP arrays with non-sequential keys), or `[]` for `{}`.
    public var arrayValue: [Bitrix24Value]? {
        switch self {
        case .array(let items): return items
        case .object(let fields):
            return fields.sorted { lhs, rhs in
                if let l = Int(lhs.key), let r = Int(rhs.key) { return l < r }
                return lhs.key < rhs.key
            }.map(\.value)
        default: return nil
        }
    }

    /// An object; an empty array (PHP's empty array) reads as an empty object.
    public var objectValue: [String: Bitrix24Value]? {
        switch self {
        case .object(let fields): return fields
        case .array(let items) where items.isEmpty: return [:]
        case .array(let items):
            return Dictionary(uniqueKeysWithValues: items.enumerated().map { (String($0.offset), $0.element) })
        default: return nil
        }
    }

    /// An ISO-8601 date from a string; `nil` for anything else (including the `{}` Bitrix leaks for dates).
    public var dateValue: Date? {
        guard case .string(let text) = self else { return nil }
        return try? Date(text, strategy: .iso8601)
    }

    /// `true` for `null`, `""`, `[]` and `{}`.
    public var isEmptyValue: Bool {
        switch self {
        case .null: true
        case .string(let text): text.isEmpty
        case .array(let items): items.isEmpty
        case .object(let fields): fields.isEmpty
        default: false
        }
    }
}

extension Bitrix24Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Bitrix24Value...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, Bitrix24Value)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension Bitrix24Value: JSONTreeRepresentable, Codable {
    /// The value JSON text holds (as `JSONDecoder` reads it, far cheaper: ``JSONTreeParser``); nil when it is not JSON.
    public init?(json bytes: some Collection<UInt8>) {
        guard let value = JSONTreeParser.parse(bytes, as: Bitrix24Value.self) else { return nil }
        self = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let scalar = container.decodeScalar(as: Bitrix24Value.self) {
            self = scalar
        } else if let items = try? container.decode([Bitrix24Value].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: Bitrix24Value].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let number): try container.encode(number)
        case .double(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let fields): try container.encode(fields)
        }
    }
}
