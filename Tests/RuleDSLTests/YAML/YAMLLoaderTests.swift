import Testing

@testable import RuleDSL

@Suite struct YAMLLoaderTests {
    private func load(_ text: String) -> YAMLLoadResult {
        YAMLLoader.load(text: text, path: "t.yaml")
    }

    private func root(_ text: String) throws -> YAMLNode {
        let result = load(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return try #require(result.document?.root)
    }

    @Test func nodesCarryStartAndEndPositions() throws {
        let node = try root("version: 1\nrules:\n  - id: a\n    when: call.answered\n")
        let rules = try #require(node["rules"])
        #expect(rules.range.start == SourcePosition(line: 3, column: 3))
        let rule = try #require(rules.sequenceItems?.first)
        let when = try #require(rule["when"])
        #expect(when.scalarValue == "call.answered")
        #expect(when.range.start == SourcePosition(line: 4, column: 11))
        #expect(when.range.end == SourcePosition(line: 4, column: 24))
        #expect(when.scalarStyle == .plain)
    }

    @Test func columnsCountUnicodeScalarsNotBytes() throws {
        let node = try root("описание: Звонок\nкуда: x\n")
        let value = try #require(node["описание"])
        #expect(value.range.start == SourcePosition(line: 1, column: 11))
        #expect(value.range.end == SourcePosition(line: 1, column: 17))
        #expect(node["куда"]?.range.start == SourcePosition(line: 2, column: 7))
    }

    @Test func scalarStylesAreKept() throws {
        let node = try root("a: plain\nb: 'single'\nc: \"double\"\nd: |\n  literal\ne: >-\n  folded\n  text\n")
        #expect(node["a"]?.scalarStyle == .plain)
        #expect(node["b"]?.scalarStyle == .singleQuoted)
        #expect(node["c"]?.scalarStyle == .doubleQuoted)
        #expect(node["d"]?.scalarStyle == .literal)
        #expect(node["d"]?.scalarValue == "literal\n")
        #expect(node["e"]?.scalarStyle == .folded)
        #expect(node["e"]?.scalarValue == "folded text")
    }

    @Test func flowAndBlockCollectionsAreDistinguished() throws {
        let node = try root("a: [1, 2]\nb: {x: 1}\nc:\n  - 1\n")
        guard case .sequence(let items, .flow) = node["a"]?.kind else {
            Issue.record("a")
            return
        }
        #expect(items.map(\.scalarValue) == ["1", "2"])
        guard case .mapping(_, .flow) = node["b"]?.kind else {
            Issue.record("b")
            return
        }
        guard case .sequence(_, .block) = node["c"]?.kind else {
            Issue.record("c")
            return
        }
    }

    @Test func lineBreaksAreCountedLikeLibYAML() throws {
        let crlf = try root("a: 1\r\nb: 2\r\n")
        #expect(crlf["b"]?.range.start == SourcePosition(line: 2, column: 4))
        let file = SourceFile(path: "x", text: "a\r\nb\rc\nd\u{2028}e")
        #expect(file.lines.map { String(Substring($0)) } == ["a", "b", "c", "d", "e"])
    }

    @Test func byteOrderMarkDoesNotShiftColumns() throws {
        let node = try root("\u{FEFF}key: value\n")
        #expect(node["key"]?.range.start == SourcePosition(line: 1, column: 6))
    }

    @Test func emptyFileLoadsWithoutRoot() {
        let result = load("")
        #expect(result.diagnostics.isEmpty)
        #expect(result.document != nil)
        #expect(result.document?.root == nil)
    }

    @Test func coreTagsAreAcceptedOthersRefused() throws {
        let node = try root("a: !!str 12\n")
        #expect(node["a"]?.scalarValue == "12")
        #expect(node["a"]?.tag == "tag:yaml.org,2002:str")
        let result = load("a: !custom x\n")
        #expect(result.diagnostics.map(\.code) == [.yamlTag])
    }

    @Test func duplicateKeyKeepsTheFirstAndPointsAtBoth() throws {
        let result = load("a: 1\nb: 2\na: 3\n")
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.code == .duplicateKey)
        #expect(diagnostic.range.start == SourcePosition(line: 3, column: 1))
        #expect(diagnostic.notes.first?.range?.start == SourcePosition(line: 1, column: 1))
        #expect(result.document?.root?["a"]?.scalarValue == "1")
    }

    @Test func fileSizeLimitIsEnforcedBeforeParsing() {
        let limits = YAMLLimits(maxFileBytes: 64)
        let result = YAMLLoader.load(text: String(repeating: "a: 1\n", count: 20), path: "big.yaml", limits: limits)
        #expect(result.diagnostics.map(\.code) == [.fileTooLarge])
        #expect(result.document == nil)
    }

    @Test func depthLimitSkipsTheBranchButKeepsTheRest() throws {
        let limits = YAMLLimits(maxDepth: 4)
        let text = "a: [[[[[[1]]]]]]\nb: ok\n"
        let result = YAMLLoader.load(text: text, path: "deep.yaml", limits: limits)
        #expect(result.diagnostics.map(\.code) == [.nestingTooDeep])
        #expect(result.document?.root?["b"]?.scalarValue == "ok")
    }

    @Test func aliasBombIsNotExpandedAndReportsAreCapped() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = level == 1 ? "a" : "l\(level - 1)"
            text +=
                "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let result = load(text)
        #expect(result.diagnostics.allSatisfy { $0.code == .anchorOrAlias || $0.code == .yamlSyntax })
        #expect(result.diagnostics.count <= YAMLLimits.default.maxDiagnostics + 1)
    }

    @Test func missingFileIsADiagnosticNotACrash() {
        let result = YAMLLoader.load(path: "/nonexistent/rules.yaml")
        #expect(result.diagnostics.map(\.code) == [.fileUnreadable])
    }

    @Test func nullBytesAndControlCharactersAreReported() {
        let result = YAMLLoader.load(bytes: Array("a: b\u{0}c\n".utf8), path: "nul.yaml")
        #expect(result.diagnostics.map(\.code) == [.yamlSyntax])
        #expect(result.diagnostics.first?.range.start.line == 1)
    }
}
