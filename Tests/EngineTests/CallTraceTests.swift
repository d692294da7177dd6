import AMIProtocol
import Engine
import Foundation
import RuleDSL
import TestSupport
import Testing

/// Per-call traces: every AMI event of a call, every rule considered for each event with each condition's value,
/// bounded per call and in number of calls, explained with the generation that evaluated each event.
@Suite("Call traces")
struct CallTraceTests {
    static let rules = """
        version: 1
        lists:
          inbound_contexts: [incoming]
        rules:
          - id: register
            on: call.started
            when: call.direction == "inbound"
            do:
              - b24.register_call:
                  {type: incoming, phone: "${call.caller ?? 'none'}", user: 1, external_call_id: "${call.id}"}
                as: b24
          - id: outbound-only
            on: call.started
            when: call.direction == "outbound"
            do:
              - log: {message: "outbound"}
          - id: card
            on: call.ringing
            match:
              member.extension: ["201", "202", "203"]
            do:
              - b24.show_card: {call: "${call.b24.call_id}", users: ["${int(event.member.extension)}"]}
          - id: sees-card
            on: call.ringing
            when: size(call.shown) > 0
            do:
              - log: {message: "${string(size(call.shown))} shown"}
          - id: queue-vip
            on: call.ringing
            match:
              queue: [vip]
            do:
              - log: {message: "vip"}

        """

    static func traced(
        _ capture: String,
        rules: String = rules,
        calls: Int = 50,
        steps: Int = 1_000
    ) throws
        -> CallEngine
    {
        let ruleSet = try TemporaryRules.compile(["a.yaml": rules])
        var engine = CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet))
        engine.traces = CallTraces(maxCalls: calls, maxSteps: steps)
        _ = CaptureReplay.run(try RepositoryFiles.bytes("captures/\(capture).ami"), engine: &engine)
        return engine
    }

    @Test("a call's trace holds its AMI events and every evaluation, with each rule's verdict and conditions")
    func verdicts() throws {
        let engine = try Self.traced("answered")
        let traces = try #require(engine.traces)
        let trace = try #require(traces.trace(of: "1795564212.0"))
        #expect(trace.ended)
        let bytes = try RepositoryFiles.bytes("captures/answered.ami")
        let events = AMITestMessages.events(in: bytes)
        let ami = trace.steps.filter { if case .ami = $0 { true } else { false } }.count
        // Every event of the capture that names the call's channels or its Linkedid is in its trace.
        let ofCall = events.filter { $0["Linkedid"] == "1795564212.0" || $0["DestLinkedid"] == "1795564212.0" }.count
        #expect(ami >= ofCall && ami <= events.count, "\(ami) AMI steps, \(ofCall) events name the call")

        let evaluations = trace.steps.compactMap { step -> TraceEvaluation? in
            if case .evaluation(let evaluation) = step { evaluation } else { nil }
        }
        #expect(evaluations.allSatisfy { $0.generation == 1 })
        let started = try #require(evaluations.first { $0.entry.name == "call.started" })
        let generation = try #require(traces.generations[1])
        let verdicts = engine.interpreter.verdicts(for: started.entry, in: generation)
        #expect(verdicts.map(\.rule) == ["register", "outbound-only"])
        #expect(verdicts[0].fired)
        #expect(!verdicts[1].fired)
        #expect(verdicts[1].firstFailure?.text == #"when call.direction == "outbound""#)
        #expect(verdicts[1].firstFailure?.outcome == "false")

        // Three phones ring: `card` fires for each; `sees-card` sees the card `card` showed for the same event.
        let rings = evaluations.filter { $0.entry.name == "call.ringing" }
        #expect(rings.count == 3)
        for ring in rings {
            let ringVerdicts = engine.interpreter.verdicts(for: ring.entry, in: generation)
            #expect(ringVerdicts.map(\.rule) == ["card", "sees-card", "queue-vip"])
            #expect(ringVerdicts.map(\.fired) == [true, true, false])
            #expect(ringVerdicts[1].conditions.map(\.outcome) == ["true"], "\(ringVerdicts[1].conditions)")
            #expect(ringVerdicts[2].firstFailure?.text == #"match queue: ["vip"]"#)
        }
    }

    @Test("bounded: at most maxCalls calls (an ended call makes room first) and maxSteps steps per call")
    func bounds() throws {
        var engine = try Self.traced("answered", calls: 2, steps: 20)
        for capture in ["abandon", "ringgroup"] {
            _ = CaptureReplay.run(try RepositoryFiles.bytes("captures/\(capture).ami"), engine: &engine)
        }
        let traces = try #require(engine.traces)
        #expect(traces.calls.count == 2)
        #expect(traces.trace(of: "1795564212.0") == nil, "the oldest ended call was dropped")
        for trace in traces.recent {
            #expect(trace.steps.count <= 25)
            #expect(trace.droppedSteps > 0)
        }
        #expect(traces.generations.keys.sorted() == [1])
    }

    @Test("evaluations keep the generation that made them, and explaining uses that generation's rules")
    func generations() throws {
        var engine = try Self.traced("answered")
        let second = try TemporaryRules.compile([
            "a.yaml": Self.rules.replacingOccurrences(of: "queue: [vip]", with: "queue: [sales]")
        ])
        engine.load(second)
        _ = CaptureReplay.run(try RepositoryFiles.bytes("captures/abandon.ami"), engine: &engine)
        let traces = try #require(engine.traces)
        #expect(traces.generations.keys.sorted() == [1, 2])
        let first = try #require(traces.recent.last)
        let latest = try #require(traces.recent.first)
        func ringVerdicts(_ trace: CallTrace) -> [RuleVerdict] {
            for case .evaluation(let evaluation) in trace.steps where evaluation.entry.name == "call.ringing" {
                guard let generation = traces.generations[evaluation.generation] else { return [] }
                return engine.interpreter.verdicts(for: evaluation.entry, in: generation)
            }
            return []
        }
        #expect(ringVerdicts(first).last?.fired == false)  // generation 1: vip
        #expect(ringVerdicts(latest).last?.fired == true)  // generation 2: sales
    }

    @Test("traces off: nothing is recorded and the timeline is the same")
    func off() throws {
        let traced = try Self.traced("answered")
        let ruleSet = try TemporaryRules.compile(["a.yaml": Self.rules])
        var plain = CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet))
        let entries = CaptureReplay.run(try RepositoryFiles.bytes("captures/answered.ami"), engine: &plain)
        #expect(plain.traces == nil)
        var again = CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet))
        again.traces = CallTraces()
        let tracedEntries = CaptureReplay.run(try RepositoryFiles.bytes("captures/answered.ami"), engine: &again)
        #expect(entries.map(\.name) == tracedEntries.map(\.name))
        #expect(entries.flatMap(\.intents) == tracedEntries.flatMap(\.intents))
        #expect(traced.traces?.calls.count == 1)
    }
}

/// The AMI events of a capture, decoded.
enum AMITestMessages {
    static func events(in bytes: [UInt8]) -> [AMIMessage] {
        var decoder = AMIFrameDecoder()
        var messages: [AMIMessage] = []
        decoder.decode(bytes + Array("\r\n\r\n".utf8)) { output in
            if case .message(let message) = output, message.kind == .event { messages.append(message) }
        }
        return messages
    }
}
