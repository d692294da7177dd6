import Adapters
import Bench
import Foundation
import TestSupport
import Testing

@Suite("engine bench ami checksum")
struct AMIChecksumTests {
    /// An independent reading of a CRLF capture without escaped values: split on blank lines, drop the banner, split
    /// each line on its first colon and drop one space — then fold with the documented word-wise FNV-1a.
    static func independentChecksum(_ text: String) -> (checksum: UInt64, headers: Int, messages: Int) {
        let prime: UInt64 = 0x100_0000_01b3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var headers = 0
        var messages = 0
        func fold(_ field: Substring) {
            let bytes = Array(field.utf8)
            hash = (hash ^ UInt64(bytes.count)) &* prime
            var index = 0
            while index < bytes.count {
                var word: UInt64 = 0
                for shift in 0..<8 where index + shift < bytes.count {
                    word |= UInt64(bytes[index + shift]) << (8 * UInt64(shift))
                }
                hash = (hash ^ word) &* prime
                index += 8
            }
        }
        var body = Substring(text)
        if let firstLineEnd = body.range(of: "\r\n"), !body[..<firstLineEnd.lowerBound].contains(":") {
            body = body[firstLineEnd.upperBound...]
        }
        for block in body.components(separatedBy: "\r\n\r\n") where !block.isEmpty {
            messages += 1
            for line in block.split(separator: "\r\n", omittingEmptySubsequences: true) {
                guard let colon = line.firstIndex(of: ":") else { continue }
                var value = line[line.index(after: colon)...]
                if value.first == " " { value = value.dropFirst() }
                fold(line[..<colon])
                fold(value)
                headers += 1
            }
        }
        return (hash, headers, messages)
    }

    @Test("the benchmark's checksum equals an independent computation on answered.ami")
    func checksumMatches() throws {
        let bytes = try RepositoryFiles.bytes("captures/answered.ami")
        #expect(!bytes.contains(UInt8(ascii: "\\")), "this capture has no escaped values, so both readings agree")
        let independent = Self.independentChecksum(String(decoding: bytes, as: UTF8.self))
        for chunkSize in [1460, 64 * 1024] {
            let result = try AMIDecodeBenchmark(bytes: bytes, chunkSize: chunkSize).run(passes: 3)
            #expect(result.checksum == independent.checksum)
            #expect(result.headersPerPass == independent.headers)
            #expect(result.messagesPerPass == independent.messages)
            #expect(result.messagesPerPass == 213)
            #expect(result.eventsPerPass == 210)
            #expect(result.passes == 3)
        }
    }

    @Test("changing one header byte changes the checksum")
    func checksumIsSensitive() throws {
        var bytes = try RepositoryFiles.bytes("captures/answered.ami")
        let original = try AMIDecodeBenchmark(bytes: bytes).run(passes: 1).checksum
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "7")))
        bytes[index] = UInt8(ascii: "8")
        #expect(try AMIDecodeBenchmark(bytes: bytes).run(passes: 1).checksum != original)
    }
}
