import AGIProtocol
import AMIProtocol
public import Foundation
public import RuleDSL

/// Runs rule test cases: the case's AMI input through the call model and the rules, on a virtual clock
/// and with the case's fixtures standing in for Bitrix24 (user directory, results of `as:` actions), then
/// judges the intents against the expectations. No network.
public struct RuleTestRunner: Sendable {
    /// The rules under test.
    public let ruleSet: CompiledRuleSet
    /// The start of every case's virtual clock.
    public var start = Date(timeIntervalSince1970: 1_764_064_800)

    /// Creates a runner for a rule set.
    public init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
    }

    /// The verdict of one case, with a trace of the rules the case expected but that did not fire.
    public func run(_ testCase: RuleTestCase) throws -> (verdict: RuleTestVerdict, traces: [RuleTrace]) {
        var engine = CallEngine(
            interpreter: RuleInterpreter(
                config: Self.config(testCase.fixtures.config),
                functions: Self.directory(testCase.fixtures.users)
            )
        )
        engine.load(ruleSet)
        var produced: [ProducedIntent] = []
        var entries: [TimelineEntry] = []
        let messages = try testCase.input.messages(start: start)
        // Times are counted from the first event (a capture keeps the clock it was recorded with).
        let origin = messages.first { $0["Timestamp"] != nil }.map { AMITime.of($0, arrival: start) } ?? start
        // A fixture result lands as soon as its action is made, and its `call.result` runs right after.
        func process(_ made: [TimelineEntry]) {
            var pending = made[...]
            while let entry = pending.popFirst() {
                entries.append(entry)
                for intent in entry.intents {
                    if let binding = intent.binding, let callID = intent.callID,
                        let result = testCase.fixtures.results[binding]
                    {
                        pending.append(
                            engine.landResult(binding, action: intent.action, value: result, in: callID, at: entry.time)
                        )
                        pending.append(contentsOf: engine.settle(callID, at: entry.time))
                    }
                    let arguments = intent.arguments.mapValues { Self.resolve($0, results: testCase.fixtures.results) }
                    produced.append(
                        ProducedIntent(
                            rule: intent.ruleID,
                            action: intent.action,
                            arguments: arguments,
                            at: entry.time.timeIntervalSince(origin)
                        )
                    )
                }
            }
        }
        if let posted = testCase.bitrix24Event {
            let request: CRMCallRequest
            do {
                request = try CRMCallRequest(
                    event: posted.event,
                    data: posted.data,
                    ageSeconds: posted.ageSeconds,
                    maxAgeSeconds: EngineConfig.Bitrix24Events().maxAgeSeconds
                )
            } catch {
                throw RuleTestError.invalidBitrix24Event(error.description)
            }
            process(engine.start(request, id: posted.channelID, at: origin))
        }
        var requests = testCase.agi[...]
        for index in 0...messages.count {
            let message = index < messages.count ? messages[index] : nil
            let time = message.map { AMITime.of($0, arrival: start) }
            // FastAGI requests due before this message (all of them after the last one).
            while let request = requests.first, time.map({ origin.addingTimeInterval(request.at) <= $0 }) ?? true {
                requests.removeFirst()
                let at = max(origin.addingTimeInterval(request.at), entries.last?.time ?? origin)
                let session = "agi-\(testCase.agi.count - requests.count)"
                process([engine.handle(Self.agiRequest(request), session: session, at: at)])
            }
            if let message { process(engine.handle(message, arrival: start)) }
        }
        let verdict = RuleTestVerdict.judge(testCase, produced: produced)
        let unfired = Set(verdict.missing.compactMap { $0.expected.rule }).subtracting(verdict.firedRules)
        let traces = unfired.sorted().map {
            RuleTrace.of(rule: $0, in: ruleSet, entries: entries, engine: engine, start: origin)
        }
        return (verdict, traces)
    }

    /// The environment block Asterisk would send for a test case's request.
    static func agiRequest(_ request: RuleTestAGIRequest) -> AGIRequest {
        var environment = [
            AGIEnvironmentVariable("agi_network", "yes"),
            AGIEnvironmentVariable("agi_network_script", request.script),
            AGIEnvironmentVariable("agi_request", "agi://127.0.0.1/" + request.script),
        ]
        for variable in request.variables {
            environment.append(AGIEnvironmentVariable("agi_" + variable.name, variable.value))
        }
        return AGIRequest(environment: environment)
    }

    /// `config.*` for the case: the defaults with the case's values merged over them.
    static func config(_ overrides: Value) -> Value {
        EngineConfig().expressionValue.merging(overrides)
    }

    /// `user_of` and `extension_of` answering from the fixture's directory (extension → user; a user with several
    /// extensions has the lowest).
    static func directory(_ users: [String: Int]) -> FunctionBindings {
        var extensions: [Int: String] = [:]
        for (number, user) in users.sorted(by: { $0.key < $1.key }) where extensions[user] == nil {
            extensions[user] = number
        }
        return FunctionBindings([
            "user_of": { (arguments) throws(EvaluationError) -> Value in
                guard case .string(let number)? = arguments.first, let user = users[number] else {
                    throw .absent("no user for that extension in the test's fixtures")
                }
                return .int(user)
            },
            "extension_of": { [extensions] (arguments) throws(EvaluationError) -> Value in
                guard case .int(let user)? = arguments.first, let number = extensions[user] else {
                    throw .absent("no extension for that user in the test's fixtures")
                }
                return .string(number)
            },
        ])
    }

    /// A deferred reference resolved from the fixture results (left as it is when no result is given; null for a
    /// field the given result lacks, so `a ?? b` falls back as it does in the daemon).
    static func resolve(_ value: Value, results: [String: Value]) -> Value {
        value.resolvingDeferred { reference in
            guard reference.path.count >= 2, reference.path[0] == "call", var current = results[reference.path[1]]
            else {
                return nil
            }
            for name in reference.path.dropFirst(2) {
                guard case .map(let map) = current, let next = map[name] else { return .null }
                current = next
            }
            return current
        } ?? value
    }
}
