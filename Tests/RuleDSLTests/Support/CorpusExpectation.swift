import Foundation

/// One `# expect: CODE @ LINE:COL TOKEN` line of a corpus file: the code that must be reported,
/// where (written by hand), and the text that must stand there (`\t` and `\xNN` escapes allowed).
struct CorpusExpectation: Hashable, CustomStringConvertible {
    var file: String
    var code: String
    var line: Int
    var column: Int
    var token: [UInt8]

    var description: String { "\(file): \(code) @ \(line):\(column)" }

    /// Every expectation written in `bytes` (the raw file).
    static func parse(file: String, bytes: [UInt8]) -> [CorpusExpectation] {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            guard let marker = line.range(of: "# expect: ") else { return nil }
            let fields = line[marker.upperBound...].split(
                separator: " ",
                maxSplits: 3,
                omittingEmptySubsequences: false
            )
            guard fields.count >= 3, fields[1] == "@" else { return nil }
            let place = fields[2].split(separator: ":")
            guard place.count == 2, let row = Int(place[0]), let column = Int(place[1]) else { return nil }
            let token = fields.count > 3 ? unescape(String(fields[3])) : []
            return CorpusExpectation(file: file, code: String(fields[0]), line: row, column: column, token: token)
        }
    }

    /// Whether the raw bytes at line:column (columns in Unicode scalars) start with the token.
    func tokenMatches(in bytes: [UInt8]) -> Bool {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return false }
        let lineBytes = Array(lines[lines.startIndex + line - 1])
        var offset = 0
        var scalars = 1
        while scalars < column, offset < lineBytes.count {
            let byte = lineBytes[offset]
            offset += byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            scalars += 1
        }
        guard scalars == column || (offset == lineBytes.count && token.isEmpty) else { return false }
        return lineBytes[min(offset, lineBytes.count)...].starts(with: token)
    }

    private static func unescape(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var scalars = Array(text.utf8)[...]
        while let byte = scalars.popFirst() {
            if byte == UInt8(ascii: "\\"), let next = scalars.first {
                if next == UInt8(ascii: "t") {
                    scalars.removeFirst()
                    bytes.append(9)
                    continue
                }
                if next == UInt8(ascii: "x"), scalars.count >= 3,
                    let value = UInt8(String(decoding: scalars.dropFirst().prefix(2), as: UTF8.self), radix: 16)
                {
                    scalars.removeFirst(3)
                    bytes.append(value)
                    continue
                }
            }
            bytes.append(byte)
        }
        return bytes
    }
}
