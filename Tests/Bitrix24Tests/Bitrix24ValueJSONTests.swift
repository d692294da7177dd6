import Adapters
import Foundation
import TestSupport
import Testing

/// The portal's answers are read by `JSONTreeParser` (``Bitrix24Value/init(json:)``), not `JSONDecoder`: it must read
/// every text exactly as `JSONDecoder` with ``Bitrix24Value``'s `Codable` conformance does — the same value, or nil
/// where `JSONDecoder` throws.
@Suite("Bitrix24Value from JSON text")
struct Bitrix24ValueJSONTests {
    private func decoded(_ bytes: [UInt8]) -> Bitrix24Value? {
        try? JSONDecoder().decode(Bitrix24Value.self, from: Data(bytes))
    }

    @Test("edge cases read as JSONDecoder reads them", arguments: Self.edgeCases)
    func edgeCase(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(Bitrix24Value(json: bytes) == decoded(bytes), "\(text.debugDescription)")
    }

    static let edgeCases: [String] = [
        // Scalars and their types.
        "null", "true", "false", "0", "-0", "42", "-42", "1.0", "-1.0", "1.5", "1e2", "1E2", "1e+2", "0.1e1", "1.5e1",
        "1e-2", "2.5e-3", "0.000001", "0e5", "-0e0", "1E-400", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "-9223372036854775809", "9223372036854775807.0", "123456789012345678901234567890",
        "123456789012345678", "-123456789012345678", "1234567890123456789",
        #""""#, #""text""#, #""é😀""#, #""\u00e9\ud83d\ude00""#, #""\"\\\/\b\f\n\r\t""#, #""\u0000""#, "\"\u{7f}\"",
        // Containers.
        "[]", "{}", "[1,[2,[3]]]", #"{"a":{"b":[1,{"c":null}]}}"#, #"{"":1}"#, #"{"a":1,"a":2}"#, "[1,]",
        #"{"a":1,}"#, " \t\n\r[ 1 , 2 ] ", "\u{feff}1",
        // Not JSON.
        "", " ", "[,]", "[1,,2]", "{,}", "[1 2]", #"{"a" 1}"#, #"{a:1}"#, #""\x""#, #""\u00""#, #""\uDC00""#,
        #""\ud800""#, #""\ud83d\u0041""#, "\"a\u{01}b\"", "-", "+1", ".5", "01", "-01", "1.", "1e", "1e400", "tru",
        "nul", "true false", "[1]x", "1\u{0b}", #""open"#, "[1", #"{"a":1"#, "NaN", "Infinity",
    ]

    @Test("invalid UTF-8 in a string is not JSON")
    func invalidUTF8() {
        let bytes = Array(#""a"#.utf8) + [0xFF] + Array(#"b""#.utf8)
        #expect(Bitrix24Value(json: bytes) == nil)
        #expect(decoded(bytes) == nil)
    }

    @Test("nesting: 512 levels read, 513 refused (as JSONDecoder)")
    func depth() {
        for (depth, readable) in [(512, true), (513, false)] {
            let bytes = Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
            #expect((Bitrix24Value(json: bytes) != nil) == readable, "\(depth)")
            #expect((decoded(bytes) != nil) == readable, "\(depth)")
        }
    }

    @Test("the portal's answers: a search, a batch with an error, an error envelope")
    func portalAnswers() throws {
        let answers = [
            #"{"result":[{"CRM_ENTITY_TYPE":"CONTACT","CRM_ENTITY_ID":797,"ASSIGNED_BY_ID":13,"NAME":"Ivan Sidorov","#
                + #""ASSIGNED_BY":{"ID":"13","TIMEMAN_STATUS":"OPENED","USER_PHONE_INNER":"102"}}],"#
                + #""time":{"start":1795564212.1234,"finish":1795564212.1301,"duration":0.0067,"processing":0,"#
                + #""date_start":"2026-11-25T02:50:12+03:00","operating_reset_at":1795564812,"operating":0}}"#,
            #"{"result":{"result":{"s1":{"CALL_ID":"externalCall.1a2b.1795564212"},"s2":[]},"#
                + #""result_error":{"s3":{"error":"","error_description":"Call is not found"}},"result_total":[],"#
                + #""result_next":[],"result_time":[]},"time":{"start":1795564212.5}}"#,
            #"{"error":"QUERY_LIMIT_EXCEEDED","error_description":"Too many requests"}"#,
        ]
        for answer in answers {
            let bytes = Array(answer.utf8)
            let value = try #require(Bitrix24Value(json: bytes))
            #expect(value == decoded(bytes))
        }
    }

    @Test("random values written by JSONEncoder read back alike (seeded)")
    func randomValues() throws {
        var random = SplitMix64(seed: 0x5EED_B24)
        let encoder = JSONEncoder()
        for round in 0..<300 {
            let value = Self.randomValue(depth: 0, &random)
            let bytes = Array(try encoder.encode(value))
            #expect(
                Bitrix24Value(json: bytes) == decoded(bytes),
                "round \(round): \(String(decoding: bytes, as: UTF8.self))"
            )
        }
    }

    private static func randomValue(depth: Int, _ random: inout SplitMix64) -> Bitrix24Value {
        let pick = Int.random(in: 0..<(depth > 3 ? 6 : 8), using: &random)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int(Int.random(in: Int.min...Int.max, using: &random) >> Int.random(in: 0..<63, using: &random))
        case 3: return .double(Double.random(in: -1e6...1e6, using: &random))
        case 4, 5: return .string(randomText(&random))
        case 6:
            return .array(
                (0..<Int.random(in: 0..<5, using: &random)).map { _ in randomValue(depth: depth + 1, &random) }
            )
        default:
            var fields: [String: Bitrix24Value] = [:]
            for _ in 0..<Int.random(in: 0..<5, using: &random) {
                fields[randomText(&random)] = randomValue(depth: depth + 1, &random)
            }
            return .object(fields)
        }
    }

    private static func randomText(_ random: inout SplitMix64) -> String {
        let alphabet: [Character] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "é", "Ж", "😀", "$", "[",
        ]
        return String(
            (0..<Int.random(in: 0..<12, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? "a" }
        )
    }
}
