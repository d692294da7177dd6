/// Finds the first byte that is not part of a well-formed UTF-8 sequence.
enum UTF8Validation {
    /// The offset of the first invalid byte, or nil when all of `bytes` is valid UTF-8.
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var value: UInt32
            switch lead {
            case 0xC2...0xDF:
                length = 2
                minimum = 0x80
                value = UInt32(lead & 0x1F)
            case 0xE0...0xEF:
                length = 3
                minimum = 0x800
                value = UInt32(lead & 0x0F)
            case 0xF0...0xF4:
                length = 4
                minimum = 0x10000
                value = UInt32(lead & 0x07)
            default: return index
            }
            guard index + length <= count else { return index }
            for offset in 1..<length {
                let byte = bytes[index + offset]
                guard byte & 0xC0 == 0x80 else { return index }
                value = value << 6 | UInt32(byte & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return index }
            index += length
        }
        return nil
    }

    /// The 1-based position of byte `offset` in `bytes`, counting lines and Unicode scalars like libyaml.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> SourcePosition {
        let prefix = String(decoding: bytes[..<min(offset, bytes.count)], as: UTF8.self)
        let file = SourceFile(path: "", text: prefix)
        return SourcePosition(line: file.lines.count, column: (file.lines.last?.count ?? 0) + 1)
    }
}
