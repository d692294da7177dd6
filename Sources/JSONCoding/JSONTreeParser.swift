/// A JSON value type with arrays and objects besides the scalars (``JSONScalarRepresentable``), which an enum's cases
/// satisfy as they are (`case array([Self])`, `case object([String: Self])`).
public protocol JSONTreeRepresentable: JSONScalarRepresentable {
    /// A JSON array.
    static func array(_ items: [Self]) -> Self
    /// A JSON object.
    static func object(_ fields: [String: Self]) -> Self
}

/// Reads JSON text straight into a ``JSONTreeRepresentable`` value, with the types `JSONDecoder` and
/// ``Swift/SingleValueDecodingContainer/decodeScalar(as:)`` give — `true` a boolean, `42` and `1.0` and `1e2` integers,
/// `1.5` or an integer too large for `Int` a double — at a fraction of their cost: `Codable` finds an object's type by
/// trying (and failing) to decode it as each scalar and as an array first. Also as lenient as `JSONDecoder`: a trailing
/// comma in an array or object and a leading byte-order mark are accepted; a repeated key keeps its first value.
///
/// Anything else that is not JSON — invalid UTF-8, a lone surrogate, a control character in a string, a number
/// `JSONDecoder` would not read (`01`, `1.`, `1e400`), nesting deeper than 512, text after the value — gives nil.
public enum JSONTreeParser {
    /// The deepest nesting read (as `JSONDecoder`).
    public static let maxDepth = 512

    /// The value `bytes` hold, or nil when they are not JSON. Inlinable, so that it is specialised for the caller's
    /// value type (generic, every step would look the type's metadata up at run time).
    @inlinable
    public static func parse<Value: JSONTreeRepresentable>(
        _ bytes: some Collection<UInt8>,
        as type: Value.Type = Value.self
    ) -> Value? {
        let parsed = bytes.withContiguousStorageIfAvailable { buffer in Self.parse(UnsafeRawBufferPointer(buffer), type)
        }
        if let parsed { return parsed }
        let copy = Array(bytes)
        return copy.withUnsafeBytes { Self.parse($0, type) }
    }

    @inlinable
    static func parse<Value: JSONTreeRepresentable>(
        _ buffer: UnsafeRawBufferPointer,
        _ type: Value.Type
    ) -> Value? {
        var reader = Reader(bytes: buffer)
        if reader.bytes.count >= 3, reader.bytes[0] == 0xEF, reader.bytes[1] == 0xBB, reader.bytes[2] == 0xBF {
            reader.index = 3
        }
        guard let value: Value = reader.value(depth: 0) else { return nil }
        reader.skipWhitespace()
        return reader.index == reader.bytes.count ? value : nil
    }

    @usableFromInline
    struct Reader {
        @usableFromInline let bytes: UnsafeRawBufferPointer
        @usableFromInline var index = 0

        @inlinable
        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        @inlinable
        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        @inlinable
        mutating func value<Value: JSONTreeRepresentable>(depth: Int) -> Value? {
            skipWhitespace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "{"): return object(depth: depth + 1)
            case UInt8(ascii: "["): return array(depth: depth + 1)
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number()
            }
        }

        @inlinable
        mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += count
            return true
        }

        @inlinable
        mutating func array<Value: JSONTreeRepresentable>(depth: Int) -> Value? {
            guard depth <= JSONTreeParser.maxDepth else { return nil }
            var items: [Value] = []
            let read = elements(closing: UInt8(ascii: "]")) { reader in
                guard let item: Value = reader.value(depth: depth) else { return false }
                items.append(item)
                return true
            }
            return read ? .array(items) : nil
        }

        @inlinable
        mutating func object<Value: JSONTreeRepresentable>(depth: Int) -> Value? {
            guard depth <= JSONTreeParser.maxDepth else { return nil }
            var fields: [String: Value] = [:]
            let read = elements(closing: UInt8(ascii: "}")) { reader in
                guard reader.index < reader.bytes.count, reader.bytes[reader.index] == UInt8(ascii: "\""),
                    let key = reader.string()
                else { return false }
                reader.skipWhitespace()
                guard reader.index < reader.bytes.count, reader.bytes[reader.index] == UInt8(ascii: ":") else {
                    return false
                }
                reader.index += 1
                guard let field: Value = reader.value(depth: depth) else { return false }
                if fields[key] == nil { fields[key] = field }
                return true
            }
            return read ? .object(fields) : nil
        }

        /// Reads the comma-separated elements after an opening bracket up to `closing` (a trailing comma allowed),
        /// each by `element`, which starts at the element's first non-blank byte; false when the text is not JSON.
        @inlinable
        mutating func elements(closing: UInt8, _ element: (inout Reader) -> Bool) -> Bool {
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == closing {
                index += 1
                return true
            }
            while true {
                skipWhitespace()
                guard element(&self) else { return false }
                skipWhitespace()
                guard index < bytes.count else { return false }
                switch bytes[index] {
                case UInt8(ascii: ","):
                    index += 1
                    skipWhitespace()
                    if index < bytes.count, bytes[index] == closing {
                        index += 1
                        return true
                    }
                case closing:
                    index += 1
                    return true
                default:
                    return false
                }
            }
        }

        /// A string from its opening quote; nil for a control character, a bad escape, a lone surrogate or invalid
        /// UTF-8.
        @inlinable
        mutating func string() -> String? {
            index += 1
            let start = index
            // Most strings have no escape: one scan, one validated copy.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            var decoded = Array(bytes[start..<index])
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(validating: decoded, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    index += 1
                    guard escape(into: &decoded) else { return nil }
                case 0..<0x20:
                    return nil
                default:
                    decoded.append(byte)
                    index += 1
                }
            }
            return nil
        }

        /// The escape after a backslash, as UTF-8.
        @inlinable
        mutating func escape(into decoded: inout [UInt8]) -> Bool {
            guard index < bytes.count else { return false }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4() else { return false }
                var scalar: Unicode.Scalar?
                switch unit {
                case 0xD800..<0xDC00:
                    guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { return false }
                    index += 2
                    guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return false }
                    scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
                case 0xDC00..<0xE000:
                    return false
                default:
                    scalar = Unicode.Scalar(UInt32(unit))
                }
                guard let scalar else { return false }
                decoded.append(contentsOf: scalar.utf8)
            default:
                return false
            }
            return true
        }

        @inlinable
        mutating func hex4() -> UInt16? {
            guard bytes.count - index >= 4 else { return nil }
            var unit: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                unit = unit << 4 | UInt16(digit)
                index += 1
            }
            return unit
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`: an integer when it has no fraction or exponent and fits
        /// `Int`, or when its value is a whole number that fits; otherwise a (finite) double.
        @inlinable
        mutating func number<Value: JSONTreeRepresentable>() -> Value? {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { return nil }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, Self.isDigit(bytes[index]) { return nil }
            } else {
                skipDigits()
            }
            var whole = true
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                whole = false
                index += 1
                guard index < bytes.count, Self.isDigit(bytes[index]) else { return nil }
                skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                whole = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < bytes.count, Self.isDigit(bytes[index]) else { return nil }
                skipDigits()
            }
            if whole, index - start <= 18 {
                // At most 18 digits: fits an Int, no text to make.
                var magnitude = 0
                for byte in bytes[start..<index] where byte != UInt8(ascii: "-") {
                    magnitude = magnitude * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return .int(bytes[start] == UInt8(ascii: "-") ? -magnitude : magnitude)
            }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if whole, let integer = Int(text) { return .int(integer) }
            guard let double = Double(text), double.isFinite else { return nil }
            if !whole, double.rounded(.towardZero) == double, let integer = Int(exactly: double) {
                return .int(integer)
            }
            return .double(double)
        }

        @inlinable
        mutating func skipDigits() {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }

        @inlinable
        static func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }
    }
}
