import ArgumentParser
import Engine
import Foundation
import RuleDSL

/// `engine explain CAPTURE.ami [--rules DIR] [--call LINKEDID] [--rule ID] [--format text|json]`: the trace the
/// daemon keeps per call, offline: which rules fired for which event, and for those that did not, the first condition
/// that did not hold.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Why did (or didn't) a rule fire? Replay a capture and explain every rule on every event.",
        discussion: """
            Per call: the AMI events in (those that made nothing folded into one line), each event the rules
            evaluated, every rule considered — ✔ fired, with its actions; ✘ did not, with the first condition that
            did not hold; · not considered, after a `stop: true` rule — as `engine run` keeps it for the admin
            console. --rule keeps one rule and shows all its conditions; --format json gives every condition of every
            rule and every AMI header. Nothing is executed (results bound with `as:` stay deferred).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var options: CaptureOptions

    @Option(name: .customLong("call"), help: "Only the call with this Linkedid.")
    var callID: String?

    @Option(name: .long, help: "Only this rule's verdicts, with all its conditions.")
    var rule: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let bytes = try options.bytes()
        let generation = try options.generation(command: "explain")
        if let rule, !generation.ruleSet.rules.contains(where: { $0.id == rule }) {
            printError("engine explain: no rule `\(rule)` in \(options.rules.joined(separator: ", "))")
            throw ExitCode(1)
        }
        var engine = options.engine(generation)
        engine.traces = CallTraces(maxCalls: .max / 2, maxSteps: 1 << 30)
        _ = CaptureReplay.run(bytes, engine: &engine, arrival: options.arrivalDate)
        let traces = engine.traces ?? CallTraces()
        var calls = Array(traces.recent.reversed())
        if let callID {
            calls = calls.filter { $0.callID == callID }
            guard !calls.isEmpty else {
                let known = traces.recent.reversed().map(\.callID).joined(separator: ", ")
                printError("engine explain: no call \(callID) in \(options.capture); its calls: \(known)")
                throw ExitCode(1)
            }
        }
        switch format {
        case .text:
            let texts = calls.map {
                TraceRendering.text($0, generations: traces.generations, interpreter: engine.interpreter, rule: rule)
            }
            print(texts.joined(separator: "\n\n"))
        case .json:
            let objects = calls.map {
                TraceJSON.object($0, generations: traces.generations, interpreter: engine.interpreter, rule: rule)
            }
            print(String(decoding: try TraceJSON.data(objects), as: UTF8.self))
        }
    }
}
