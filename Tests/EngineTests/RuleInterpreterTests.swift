import AMIProtocol
import Adapters
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// The interpreter: rules of one generation matched in order, `match:`/`when:`, `stop:`, `as:` bindings as
/// deferred references, AMI events as rule events, and the generation in force deciding directions.
@Suite("Rule interpreter")
struct RuleInterpreterTests {
    static let rules = """
        version: 1
        lists:
          inbound_contexts: [incoming]
        rules:
          - id: register
            on: call.started
            do:
              - b24.register_call:
                  type: incoming
                  phone: ${call.caller ?? "none"}
                  user: 1
                  external_call_id: ${call.id}
                as: b24
          - id: sees-binding
            on: call.started
            when: '!has(call.b24)'
            do:
              - log: {message: "registered as ${call.b24.call_id}"}
          - id: first-ring
            on: call.ringing
            match:
              member.extension: ["201"]
            do:
              - log: {message: "201 rings"}
            stop: true
          - id: every-ring
            on: call.ringing
            do:
              - log: {message: "${event.member.extension} rings"}
          - id: connect
            on: AgentConnect
            match:
              Queue: [sales]
            when: event.RingTime >= 2
            do:
              - log: {message: "${event.Interface} after ${string(event.RingTime)} s"}

        """

    static func capture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: RepositoryFiles.url("captures/\(name).ami")))
    }

    @Test(
        "rules in order; stop ends matching; as: binds a deferred reference later rules see; AMI events with int fields"
    )
    func interpretation() throws {
        let ruleSet = try TemporaryRules.compile(["a.yaml": Self.rules])
        var engine = CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet))
        let entries = CaptureReplay.run(try Self.capture("answered"), engine: &engine)
        let intents = entries.flatMap(\.intents)
        #expect(
            intents.map(\.ruleID) == ["register", "sees-binding", "first-ring", "every-ring", "every-ring", "connect"]
        )
        let register = intents[0]
        #expect(register.action == "b24.register_call")
        #expect(register.binding == "b24")
        #expect(register.callID == "1795564212.0")
        #expect(register.arguments["external_call_id"] == "1795564212.0")
        #expect(register.arguments["phone"] == "79161234567")
        // The second rule ran after the binding: in its condition call.b24 is absent, in its argument a reference.
        guard case .deferred(let message)? = intents[1].arguments["message"] else {
            Issue.record("expected a deferred message, got \(String(describing: intents[1].arguments["message"]))")
            return
        }
        #expect(message.references == [DeferredReference(["call", "b24", "call_id"])])
        #expect(intents[2].arguments["message"] == "201 rings")  // stop: true — every-ring did not see 201
        #expect(intents[3].arguments["message"] == "202 rings")
        #expect(intents[4].arguments["message"] == "203 rings")
        #expect(intents[5].trigger == "AgentConnect")
        #expect(intents[5].arguments["message"] == "Local/201@agents after 2 s")  // RingTime is an int, in seconds
        #expect(engine.model.calls.isEmpty)
    }

    @Test("a rule whose argument cannot be evaluated yields an issue, not an intent")
    func evaluationIssue() throws {
        let ruleSet = try TemporaryRules.compile([
            "a.yaml": """
            version: 1
            rules:
              - id: card
                on: call.ringing
                do:
                  - b24.show_card: {call: "x", users: ["${user_of(event.member.extension)}"]}

            """
        ])
        var engine = CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet))  // no user_of binding
        let entries = CaptureReplay.run(try Self.capture("answered"), engine: &engine)
        #expect(entries.flatMap(\.intents).isEmpty)
        let issues = entries.flatMap(\.issues)
        #expect(issues.count == 3)
        #expect(issues.first?.error == .unboundFunction("user_of"))
    }

    @Test(
        "the generation in force decides: a call keeps its direction across a reload; rules after it are the new ones"
    )
    func generations() throws {
        let first = try TemporaryRules.compile(["a.yaml": Self.rules])
        let second = try TemporaryRules.compile([
            "a.yaml": """
            version: 1
            lists:
              inbound_contexts: [from-trunk]
            rules:
              - id: second-generation
                on: call.ringing
                do:
                  - log: {message: "${event.member.extension} rings (generation 2)"}

            """
        ])
        var engine = CallEngine(generation: RuleGeneration(number: 1, ruleSet: first))
        let answered = AMICapture(bytes: try Self.capture("answered")).events
        let split = try #require(answered.firstIndex { $0.name == "AgentCalled" })
        var entries = answered[..<split].flatMap { engine.handle($0, arrival: Date()) }
        #expect(engine.model.calls["1795564212.0"]?.direction == .inbound)
        engine.load(second)
        #expect(engine.generation.number == 2)
        entries += answered[split...].flatMap { engine.handle($0, arrival: Date()) }
        let started = entries.compactMap(\.event).filter { $0.name == "call.started" }
        #expect(Story.lines(started) == ["started inbound 79161234567"])
        #expect(
            entries.flatMap(\.intents).filter { $0.trigger == "call.ringing" }.map(\.ruleID)
                == ["second-generation", "second-generation", "second-generation"]
        )
        // A call arriving under generation 2 (where `incoming` is no inbound context) is not inbound.
        let abandon = CaptureReplay.run(try Self.capture("abandon"), engine: &engine)
        #expect(abandon.compactMap(\.event).first.map(Story.line) == "started outbound 79161234567")
    }

    @Test("the default rules: call.ended finds the deferred register result and the answering user")
    func defaultRulesOnRingGroup() throws {
        let loaded = RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder])
        let ruleSet = try #require(loaded.ruleSet)
        var engine = CallEngine(
            generation: RuleGeneration(number: 1, ruleSet: ruleSet),
            interpreter: RuleInterpreter(
                config: CaptureReplayOverTCP.config,
                functions: DirectoryPlaceholder.functions
            )
        )
        let entries = CaptureReplay.run(try Self.capture("ringgroup"), engine: &engine)
        #expect(entries.flatMap(\.issues).isEmpty)
        let register = try #require(entries.flatMap(\.intents).first)
        #expect(register.action == "b24.register_call")
        #expect(register.arguments["line"] == "74951112233")
        let finish = try #require(entries.flatMap(\.intents).last)
        #expect(finish.action == "b24.finish_call")
        #expect(finish.arguments["user"] == .deferred(.reference(DeferredReference(["user_of", "201"]))))
        #expect(finish.arguments["status"] == "200")
    }
}
