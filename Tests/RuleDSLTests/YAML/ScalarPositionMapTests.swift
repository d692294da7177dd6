import Testing

@testable import RuleDSL

/// Offsets inside decoded scalars map back to the file, in every scalar style.
@Suite struct ScalarPositionMapTests {
    private func map(_ text: String, key: String) throws -> (ScalarPositionMap, String) {
        let result = YAMLLoader.load(text: text, path: "m.yaml")
        let document = try #require(result.document)
        let node = try #require(document.root?[key])
        return (ScalarPositionMap(node: node, source: document.source), node.scalarValue ?? "")
    }

    private func offset(of needle: String, in value: String) -> Int {
        let scalars = Array(value.unicodeScalars)
        let target = Array(needle.unicodeScalars)
        for start in 0...(scalars.count - target.count) where Array(scalars[start..<(start + target.count)]) == target {
            return start
        }
        return -1
    }

    @Test func plainScalar() throws {
        let (map, value) = try map("when: a && b.c\n", key: "when")
        #expect(map.position(at: offset(of: "b.c", in: value)) == SourcePosition(line: 1, column: 12))
    }

    @Test func doubleQuotedWithEscapes() throws {
        let (map, value) = try map("when: \"x == \\\"y\\\" && zed\"\n", key: "when")
        #expect(value == "x == \"y\" && zed")
        #expect(map.position(at: offset(of: "zed", in: value)) == SourcePosition(line: 1, column: 22))
    }

    @Test func foldedBlockScalarAcrossLines() throws {
        let text = "when: >-\n  has(call.crm) &&\n    call.direction == \"inbound\"\n"
        let (map, value) = try map(text, key: "when")
        #expect(
            value == "has(call.crm) &&\n  call.direction == \"inbound\""
                || value.hasSuffix("call.direction == \"inbound\"")
        )
        #expect(map.position(at: offset(of: "call.direction", in: value)) == SourcePosition(line: 3, column: 5))
        #expect(map.position(at: offset(of: "has", in: value)) == SourcePosition(line: 2, column: 3))
    }

    @Test func literalBlockScalar() throws {
        let text = "when: |\n  a ||\n  bee\n"
        let (map, value) = try map(text, key: "when")
        #expect(map.position(at: offset(of: "bee", in: value)) == SourcePosition(line: 3, column: 3))
    }

    @Test func multiLinePlainScalar() throws {
        let text = "when: a &&\n  bee\n"
        let (map, value) = try map(text, key: "when")
        #expect(value == "a && bee")
        #expect(map.position(at: offset(of: "bee", in: value)) == SourcePosition(line: 2, column: 3))
    }

    @Test func rangeCoversTheToken() throws {
        let (map, value) = try map("when: 'it''s == xy'\n", key: "when")
        #expect(value == "it's == xy")
        let start = offset(of: "xy", in: value)
        #expect(map.range(start, start + 2) == SourceRange(file: "m.yaml", line: 1, column: 17, length: 2))
    }
}
