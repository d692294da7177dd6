import Foundation

/// Decodes a rule test file through the YAML layer, with positioned diagnostics like rule files.
public enum RuleTestSuiteLoader {
    /// What loading a test file produced.
    public struct Result: Sendable {
        public var suite: RuleTestSuite?
        public var report: LintReport
    }

    /// Loads the test file at `path`.
    public static func load(path: String) -> Result {
        let loaded = YAMLLoader.load(path: path)
        var diagnostics = loaded.diagnostics
        var suite: RuleTestSuite?
        if loaded.isClean, let document = loaded.document {
            var decoder = RuleTestSuiteDecoder(path: path)
            suite = decoder.decode(document.root)
            diagnostics += decoder.reader.diagnostics
        }
        let report = LintReport(
            diagnostics: diagnostics,
            sources: loaded.source.map { [path: $0] } ?? [:],
            fileCount: 1
        )
        return Result(suite: report.errorCount == 0 ? suite : nil, report: report)
    }
}

struct RuleTestSuiteDecoder {
    let path: String
    var reader = NodeReader()

    private var folder: String { (path as NSString).deletingLastPathComponent }

    init(path: String) {
        self.path = path
    }

    mutating func decode(_ root: YAMLNode?) -> RuleTestSuite? {
        guard let root,
            let keys = reader.entries(of: root, allowed: ["rule_files", "fixtures", "cases"], in: "a test file")
        else {
            reader.report(Diagnostic(.missingKey, "a test file needs `cases:`", at: .wholeFile(path)))
            return nil
        }
        let patterns =
            keys["rule_files"].map { reader.texts($0.value, what: "`rule_files`").map(\.value) } ?? ["../*.yaml"]
        let ruleFiles = patterns.flatMap { FileGlob.expand($0, relativeTo: folder) }
        var shared = RuleTestFixtures()
        if let fixtures = keys["fixtures"] { shared = decodeFixtures(fixtures.value, over: shared) }
        guard let casesPair = keys["cases"] else {
            reader.report(Diagnostic(.missingKey, "a test file needs `cases:`", at: root.range.startOnly))
            return nil
        }
        let cases = (reader.sequence(casesPair.value, what: "`cases`") ?? []).compactMap {
            decodeCase($0, fixtures: shared)
        }
        return RuleTestSuite(path: path, ruleFiles: ruleFiles, cases: cases)
    }

    private mutating func decodeFixtures(_ node: YAMLNode, over base: RuleTestFixtures) -> RuleTestFixtures {
        var fixtures = base
        guard let keys = reader.entries(of: node, allowed: ["users", "results", "config"], in: "`fixtures`") else {
            return fixtures
        }
        if let users = keys["users"] {
            for pair in reader.mapping(users.value, what: "`users`") ?? [] {
                guard let ext = pair.key.scalarValue else { continue }
                if let id = pair.value.scalarValue.flatMap(Int.init) {
                    fixtures.users[ext] = id
                } else {
                    reader.report(Diagnostic(.argumentType, "a user id is a number", at: pair.value.range))
                }
            }
        }
        if let results = keys["results"], case .map(let map) = results.value.value {
            fixtures.results.merge(map) { $1 }
        }
        if let config = keys["config"] { fixtures.config = config.value.value }
        return fixtures
    }

    private mutating func decodeCase(_ node: YAMLNode, fixtures shared: RuleTestFixtures) -> RuleTestCase? {
        let allowed = ["name", "fixtures", "input", "expect", "expect_none"]
        guard let keys = reader.entries(of: node, allowed: allowed, in: "a test case") else { return nil }
        guard let name = keys["name"].flatMap({ reader.text($0.value, what: "`name`") }) else {
            reader.report(Diagnostic(.missingKey, "a test case needs a `name`", at: node.range.startOnly))
            return nil
        }
        let fixtures = keys["fixtures"].map { decodeFixtures($0.value, over: shared) } ?? shared
        var bitrix24Event: RuleTestBitrix24Event?
        guard let inputPair = keys["input"],
            let (input, agi) = decodeInput(inputPair.value, bitrix24Event: &bitrix24Event)
        else {
            if keys["input"] == nil {
                reader.report(Diagnostic(.missingKey, "test case `\(name.value)` has no `input:`", at: name.range))
            }
            return nil
        }
        let expect = keys["expect"].map { decodeExpectations($0.value, what: "`expect`") } ?? []
        let expectNone = keys["expect_none"].map { decodeExpectations($0.value, what: "`expect_none`") } ?? []
        if expect.isEmpty {
            reader.report(
                Diagnostic(
                    .missingKey,
                    "test case `\(name.value)` expects no action: an empty expectation proves nothing",
                    at: (keys["expect"]?.key.range ?? name.range),
                    suggestion: "list at least one action the rules must produce under `expect:`"
                )
            )
        }
        var testCase = RuleTestCase(
            name: name.value,
            range: node.range,
            fixtures: fixtures,
            input: input,
            bitrix24Event: bitrix24Event,
            expect: expect,
            expectNone: expectNone
        )
        testCase.agi = agi
        return testCase
    }

    private mutating func decodeInput(
        _ node: YAMLNode,
        bitrix24Event: inout RuleTestBitrix24Event?
    ) -> (RuleTestInput, [RuleTestAGIRequest])? {
        let allowed = ["capture", "ami", "events", "bitrix24_event", "agi"]
        guard var keys = reader.entries(of: node, allowed: allowed, in: "`input`") else { return nil }
        let agi = keys.removeValue(forKey: "agi").map { decodeAGIRequests($0.value) } ?? []
        if let pair = keys.removeValue(forKey: "bitrix24_event") {
            guard let event = decodeBitrix24Event(pair.value) else { return nil }
            bitrix24Event = event
            if keys.isEmpty { return (.events([]), agi.sorted { $0.at < $1.at }) }
        }
        guard keys.count == 1, let (kind, pair) = keys.first else {
            reader.report(
                Diagnostic(
                    .wrongNodeKind,
                    "`input` takes exactly one of `capture`, `ami`, `events` (after an optional `bitrix24_event`; "
                        + "and `agi` requests)",
                    at: node.range
                )
            )
            return nil
        }
        let input: RuleTestInput?
        switch kind {
        case "capture":
            input = reader.text(pair.value, what: "`capture`").map {
                .capture(($0.value.hasPrefix("/") ? "" : folder + "/") + $0.value)
            }
        case "ami":
            input = reader.text(pair.value, what: "`ami`").map { .ami($0.value) }
        default:
            let events = (reader.sequence(pair.value, what: "`events`") ?? []).compactMap { decodeEvent($0) }
            input = .events(events)
        }
        return input.map { ($0, agi.sorted { $0.at < $1.at }) }
    }

    /// `agi: [{at: 1s, script: route?queue=sales, uniqueid: "1795564212.1", callerid: "79161234567"}]`.
    private mutating func decodeAGIRequests(_ node: YAMLNode) -> [RuleTestAGIRequest] {
        (reader.sequence(node, what: "`agi`") ?? []).compactMap { item in
            guard let pairs = reader.mapping(item, what: "a FastAGI request") else { return nil }
            var request = RuleTestAGIRequest(at: 0, script: "", variables: [], range: item.range)
            for pair in pairs {
                guard let key = pair.key.scalarValue,
                    let value = reader.text(pair.value, what: "`\(pair.key.scalarValue ?? "")`")
                else { continue }
                switch key {
                case "at":
                    guard let seconds = Self.seconds(value.value) else {
                        reader.report(
                            Diagnostic(.argumentType, "`at` is a time offset such as `2s` or `250ms`", at: value.range)
                        )
                        continue
                    }
                    request.at = seconds
                case "script": request.script = value.value
                default: request.variables.append((key, value.value))
                }
            }
            guard request.variables.contains(where: { $0.name == "uniqueid" }) else {
                reader.report(
                    Diagnostic(
                        .missingKey,
                        "a FastAGI request names the asking channel's `uniqueid`",
                        at: item.range.startOnly
                    )
                )
                return nil
            }
            return request
        }
    }

    private mutating func decodeBitrix24Event(_ node: YAMLNode) -> RuleTestBitrix24Event? {
        let allowed = ["event", "data", "age_seconds", "channel_id"]
        guard let keys = reader.entries(of: node, allowed: allowed, in: "`bitrix24_event`") else { return nil }
        guard let event = keys["event"].flatMap({ reader.text($0.value, what: "`event`") }) else {
            reader.report(
                Diagnostic(.missingKey, "`bitrix24_event` names its `event`", at: node.range.startOnly)
            )
            return nil
        }
        var data: [String: String] = [:]
        for pair in keys["data"].flatMap({ reader.mapping($0.value, what: "`data`") }) ?? [] {
            guard let key = pair.key.scalarValue, let value = reader.text(pair.value, what: "`\(key)`") else {
                continue
            }
            data[key] = value.value
        }
        var age = 0
        if let pair = keys["age_seconds"], let text = reader.text(pair.value, what: "`age_seconds`") {
            if let value = Int(text.value) {
                age = value
            } else {
                reader.report(Diagnostic(.argumentType, "`age_seconds` is a whole number", at: text.range))
            }
        }
        let channelID = keys["channel_id"].flatMap { reader.text($0.value, what: "`channel_id`")?.value }
        return RuleTestBitrix24Event(
            event: event.value,
            data: data,
            ageSeconds: age,
            channelID: channelID ?? "sb-test-1",
            range: node.range
        )
    }

    private mutating func decodeEvent(_ node: YAMLNode) -> RuleTestEvent? {
        guard let pairs = reader.mapping(node, what: "an event") else { return nil }
        var at = 0.0
        var headers: [(name: String, value: String)] = []
        for pair in pairs {
            guard let key = pair.key.scalarValue,
                let value = reader.text(pair.value, what: "`\(pair.key.scalarValue ?? "")`")
            else { continue }
            if key == "at" {
                guard let seconds = Self.seconds(value.value) else {
                    reader.report(
                        Diagnostic(
                            .argumentType,
                            "`at` is a time offset such as `2s`, `1.5s` or `250ms`",
                            at: value.range
                        )
                    )
                    continue
                }
                at = seconds
            } else {
                headers.append((key, value.value))
            }
        }
        guard headers.first?.name == "Event" else {
            reader.report(Diagnostic(.missingKey, "a compact event starts with `Event:`", at: node.range.startOnly))
            return nil
        }
        return RuleTestEvent(at: at, headers: headers)
    }

    private mutating func decodeExpectations(_ node: YAMLNode, what: String) -> [IntentExpectation] {
        (reader.sequence(node, what: what) ?? []).compactMap { item in
            guard let keys = reader.entries(of: item, allowed: ["action", "rule", "args"], in: "an expectation") else {
                return nil
            }
            guard let action = keys["action"].flatMap({ reader.text($0.value, what: "`action`") }) else {
                reader.report(Diagnostic(.missingKey, "an expectation names its `action`", at: item.range.startOnly))
                return nil
            }
            if ActionCatalog.action(named: action.value) == nil {
                reader.report(
                    Diagnostic(
                        .unknownAction,
                        "unknown action `\(action.value)`"
                            + "\(Spelling.hint(for: action.value, among: ActionCatalog.names))",
                        at: action.range
                    )
                )
            }
            var arguments: [String: Value] = [:]
            if let args = keys["args"], case .map(let map) = args.value.value { arguments = map }
            return IntentExpectation(
                action: action.value,
                rule: keys["rule"].flatMap { reader.text($0.value, what: "`rule`")?.value },
                arguments: arguments,
                range: item.range
            )
        }
    }

    /// `2s`, `1.5s`, `250ms`, `2` (seconds).
    static func seconds(_ text: String) -> Double? {
        if text.hasSuffix("ms") { return Double(text.dropLast(2)).map { $0 / 1000 } }
        if text.hasSuffix("s") { return Double(text.dropLast()) }
        return Double(text)
    }
}
