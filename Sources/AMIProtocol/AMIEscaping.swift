/// The C escaping Asterisk applies to some header values (`ast_escape_c` in `main/utils.c`, since Asterisk 14).
///
/// Escaped on the wire: CallerIDName and ConnectedLineName of every channel snapshot block (with any prefix,
/// e.g. `DestCallerIDName`), snapshot `ChanVariable` values, and the `Value` of `VarSet`.
/// `ChanVariable(<channel>)` values and every other header are written raw.
public enum AMIEscaping {
    /// Whether the header `key` of a message whose first header value is `eventName` carries a C-escaped value.
    public static func isEscaped(key: String, eventName: String) -> Bool {
        let key = Array(key.utf8)
        let eventName = Array(eventName.utf8)
        return key.withUnsafeBufferPointer { key in
            eventName.withUnsafeBufferPointer { isEscaped(key: key, eventName: $0) }
        }
    }

    /// Whether the header `key` of a message whose first header value is `eventName` carries a C-escaped value.
    static func isEscaped(key: UnsafeBufferPointer<UInt8>, eventName: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = key.last, last | 0x20 == UInt8(ascii: "e") else { return false }
        return AMIASCII.hasSuffixIgnoringCase(key, "CallerIDName")
            || AMIASCII.hasSuffixIgnoringCase(key, "ConnectedLineName")
            || AMIASCII.hasSuffixIgnoringCase(key, "ChanVariable")
            || (AMIASCII.equalsIgnoringCase(key, "Value") && AMIASCII.equalsIgnoringCase(eventName, "VarSet"))
    }

    /// Reverses `ast_escape_c`: `\a \b \f \n \r \t \v \\ \' \" \?` become the single byte they stand for.
    /// A backslash followed by anything else is kept as it is.
    public static func unescape(_ bytes: inout [UInt8], in range: Range<Int>) -> Int {
        bytes.withUnsafeMutableBufferPointer { unescape($0, in: range) }
    }

    /// Reverses `ast_escape_c` in place within `range`; returns the new end of the value.
    static func unescape(_ bytes: UnsafeMutableBufferPointer<UInt8>, in range: Range<Int>) -> Int {
        var read = range.lowerBound
        var write = range.lowerBound
        let end = range.upperBound
        while read < end {
            let byte = bytes[read]
            if byte == UInt8(ascii: "\\"), read + 1 < end, let decoded = unescaped(bytes[read + 1]) {
                bytes[write] = decoded
                read += 2
            } else {
                bytes[write] = byte
                read += 1
            }
            write += 1
        }
        return write
    }

    /// Unescapes a value given as a string.
    public static func unescape(_ value: String) -> String {
        var bytes = Array(value.utf8)
        let end = unescape(&bytes, in: 0..<bytes.count)
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// Applies `ast_escape_c` to `bytes`, appending the result to `output`.
    public static func escape(_ bytes: some Sequence<UInt8>, into output: inout [UInt8]) {
        for byte in bytes {
            if let letter = escapeLetter(byte) {
                output.append(UInt8(ascii: "\\"))
                output.append(letter)
            } else {
                output.append(byte)
            }
        }
    }

    private static func unescaped(_ letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "a"): 0x07
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "v"): 0x0B
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): letter
        default: nil
        }
    }

    private static func escapeLetter(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x07: UInt8(ascii: "a")
        case 0x08: UInt8(ascii: "b")
        case 0x0C: UInt8(ascii: "f")
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x09: UInt8(ascii: "t")
        case 0x0B: UInt8(ascii: "v")
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): byte
        default: nil
        }
    }
}

/// ASCII helpers for header names, which AMI compares case-insensitively.
enum AMIASCII {
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte | 0x20 : byte
    }

    /// ASCII case-insensitive comparison of raw bytes with a literal.
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        return hasSuffixIgnoringCase(bytes, literal)
    }

    /// Whether `bytes` ends with `literal`, ignoring ASCII case.
    static func hasSuffixIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let literalBytes = literal.utf8Start
        let offset = bytes.count - count
        var index = 0
        while index < count {
            if lowercased(bytes[offset + index]) != lowercased(literalBytes[index]) { return false }
            index += 1
        }
        return true
    }
}
