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
        case .double(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
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
        case .string(let text): !(text.isEmpty || text == "0" || text.uppercased() == "N" || text.lowercased() == "false")
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
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                output += "\\u" + String(format: "%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
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

/// A small strict JSON parser (RFC 8259) producing ``FakeJSON``; integers stay integers.
struct FakeJSONParser {
    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() -> FakeJSON? {
        guard let value = parseValue() else { return nil }
        skipWhitespace()
        return index == bytes.count ? value : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func parseValue() -> FakeJSON? {
        skipWhitespace()
        guard index < bytes.count, depth < 64 else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"): return parseObject()
        case UInt8(ascii: "["): return parseArray()
        case UInt8(ascii: "\""): return parseString().map(FakeJSON.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return parseNumber()
        }
    }

    private mutating func literal(_ word: String, _ value: FakeJSON) -> FakeJSON? {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return nil }
        index += utf8.count
        return value
    }

    private mutating func parseObject() -> FakeJSON? {
        index += 1
        depth += 1
        defer { depth -= 1 }
        var fields: FakeJSONObject = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = parseString() else { return nil }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let value = parseValue() else { return nil }
            fields[key] = value
            skipWhitespace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
            return nil
        }
    }

    private mutating func parseArray() -> FakeJSON? {
        index += 1
        depth += 1
        defer { depth -= 1 }
        var items: [FakeJSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            guard let value = parseValue() else { return nil }
            items.append(value)
            skipWhitespace()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            return nil
        }
    }

    private mutating func parseString() -> String? {
        index += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() -> Bool {
            guard !raw.isEmpty else { return true }
            guard let text = String(validating: raw, as: UTF8.self) else { return false }
            scalars.append(contentsOf: text.unicodeScalars)
            raw.removeAll()
            return true
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard flush() else { return nil }
                return String(scalars)
            case UInt8(ascii: "\\"):
                guard flush(), index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    guard var code = parseHex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                        index += 2
                        guard let low = parseHex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    scalars.append(scalar)
                default: return nil
                }
            case 0..<0x20: return nil
            default: raw.append(byte)
            }
        }
        return nil
    }

    private mutating func parseHex4() -> UInt32? {
        guard index + 4 <= bytes.count,
              let text = String(validating: bytes[index..<index + 4], as: UTF8.self),
              let code = UInt32(text, radix: 16) else { return nil }
        index += 4
        return code
    }

    private mutating func parseNumber() -> FakeJSON? {
        let start = index
        var isInteger = true
        while index < bytes.count {
            let byte = bytes[index]
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                isInteger = false
                index += 1
            } else {
                break
            }
        }
        guard index > start, let text = String(validating: bytes[start..<index], as: UTF8.self) else { return nil }
        if isInteger, let number = Int(text) { return .int(number) }
        guard let number = Double(text), number.isFinite else { return nil }
        return .double(number)
    }
}
