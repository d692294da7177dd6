public import Foundation
public import OrderedCollections

/// A JSON object: keys keep their order (PHP arrays are ordered; `batch` runs commands in order).
public typealias FakeJSONObject = OrderedDictionary<String, FakeJSON>

/// A JSON value as the fake portal sees it: what PHP's `$_REQUEST` and `json_encode` would produce.
///
/// The fake deliberately has its own JSON type and shares nothing with the client in `Adapters`,
/// so the two cannot share a misreading of the portal.
public enum FakeJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([FakeJSON])
    case object(FakeJSONObject)

    /// An empty PHP array: serialises as `[]`, never `{}`.
    public static let emptyArray = FakeJSON.array([])

    /// The value for `key` when this is an object (exact key).
    public subscript(key: String) -> FakeJSON? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// The object's fields, or `nil`. A PHP list is also a map with integer keys.
    public var objectValue: FakeJSONObject? {
        switch self {
        case .object(let fields): fields
        case .array(let items):
            FakeJSONObject(uniqueKeysWithValues: items.enumerated().map { (String($0.offset), $0.element) })
        default: nil
        }
    }

    /// The list's items; an object's values in key order (numeric keys numerically); a scalar alone.
    public var listValue: [FakeJSON] {
        switch self {
        case .array(let items): items
        case .object(let fields):
            fields.values.elements
        case .null: []
        default: [self]
        }
    }

    /// PHP-style string conversion of a scalar (`nil` for containers and null).
    public var stringValue: String? {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number):
            number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .bool(let flag): flag ? "1" : ""
        default: nil
        }
    }

    /// PHP-style `intval` of a scalar, `nil` if it has no leading integer.
    public var intValue: Int? {
        switch self {
        case .int(let number): return number
        case .double(let number): return number.isFinite ? Int(number) : nil
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let number = Int(trimmed) { return number }
            if let number = Double(trimmed), number.isFinite { return Int(number) }
            return nil
        default: return nil
        }
    }

    /// PHP truthiness for flags like `SHOW`, `CRM_CREATE`, `halt`: `"N"`, `"0"`, `""`, `false`, 0 are false.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let flag): flag
        case .int(let number): number != 0
        case .double(let number): number != 0
        case .string(let text):
            !(text.isEmpty || text == "0" || text.uppercased() == "N" || text.lowercased() == "false")
        case .array(let items): !items.isEmpty
        case .object(let fields): !fields.isEmpty
        }
    }

    /// Whether this is a string (Bitrix checks `is_string` for `CALL_ID`).
    public var isString: Bool {
        if case .string = self { return true }
        return false
    }
}

// MARK: - Serialisation

extension FakeJSON {
    /// Compact JSON text, object keys in insertion order (as PHP's `json_encode`).
    public var serialized: String {
        var output = ""
        write(into: &output)
        return output
    }

    private func write(into output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number):
            output += number.isFinite ? String(number) : "null"
        case .string(let text): Self.writeString(text, into: &output)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                item.write(into: &output)
            }
            output += "]"
        case .object(let fields):
            output += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(field.key, into: &output)
                output += ":"
                field.value.write(into: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, into output: inout String) {
        output += "\""
        let utf8 = text.utf8
        var run = utf8.startIndex
        var index = run
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                output += text[run..<index]
                switch byte {
                case UInt8(ascii: "\""): output += "\\\""
                case UInt8(ascii: "\\"): output += "\\\\"
                case UInt8(ascii: "\n"): output += "\\n"
                case UInt8(ascii: "\r"): output += "\\r"
                case UInt8(ascii: "\t"): output += "\\t"
                default: output += "\\u" + String(format: "%04x", byte)
                }
                run = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        output += text[run...]
        output += "\""
    }
}

// MARK: - Parsing

extension FakeJSON {
    /// Parses JSON text; `nil` when it is not valid JSON.
    public static func parse(_ data: Data) -> FakeJSON? {
        var parser = FakeJSONParser(bytes: Array(data))
        return parser.parseDocument()
    }
}
