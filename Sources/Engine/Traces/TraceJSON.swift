import AMIProtocol
public import Foundation
public import RuleDSL

/// A call's trace for tools (`engine explain --format json`, the admin listener's `/api/calls/<id>`): every step
/// with everything known about it, every rule considered with every condition.
public enum TraceJSON {
    /// The trace as a `JSONSerialization` object.
    public static func object(
        _ trace: CallTrace,
        generations: [Int: RuleGeneration],
        interpreter: RuleInterpreter,
        rule: String? = nil
    ) -> [String: Any] {
        [
            "call": trace.callID,
            "ended": trace.ended,
            "dropped_steps": trace.droppedSteps,
            "steps": trace.steps.map { step(of: $0, generations: generations, interpreter, rule: rule) },
        ]
    }

    /// Pretty, key-sorted JSON of several traces.
    public static func data(_ objects: [[String: Any]]) throws -> Data {
        try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
    }

    private static func step(
        of step: TraceStep,
        generations: [Int: RuleGeneration],
        _ interpreter: RuleInterpreter,
        rule: String?
    ) -> [String: Any] {
        let time = step.time.timeIntervalSince1970
        switch step {
        case .ami(let message, _):
            return [
                "type": "ami", "time": time, "event": message.name ?? "",
                "headers": message.headers.map { [$0.name, $0.value] },
            ]
        case .evaluation(let evaluation):
            let entry = evaluation.entry
            var object: [String: Any] = [
                "type": "evaluation", "time": time, "event": entry.name, "generation": evaluation.generation,
                "trigger": entry.event == nil ? "ami" : "engine", "payload": entry.payload.jsonObject,
                "intents": entry.intents.map { intent -> [String: Any] in
                    var item: [String: Any] = [
                        "rule": intent.ruleID, "action": intent.action,
                        "arguments": Value.map(intent.arguments).jsonObject,
                    ]
                    if let binding = intent.binding { item["as"] = binding }
                    return item
                },
                "issues": entry.issues.map {
                    ["rule": $0.ruleID, "action": $0.action.rawValue, "error": "\($0.error)"]
                },
            ]
            if let call = entry.call { object["call"] = call.jsonObject }
            if let generation = generations[evaluation.generation] {
                object["rules"] = interpreter.verdicts(for: entry, in: generation, only: rule).map { verdict in
                    [
                        "rule": verdict.rule, "fired": verdict.fired, "reached": verdict.reached,
                        "conditions": verdict.conditions.map { ["condition": $0.text, "outcome": $0.outcome] },
                    ] as [String: Any]
                }
            }
            return object
        case .execution(let execution):
            var object: [String: Any] = [
                "type": "execution", "time": time, "rule": execution.rule, "action": execution.action.rawValue,
                "arguments": Value.map(execution.arguments).jsonObject, "route": execution.route,
            ]
            if let failure = execution.failure { object["failure"] = failure }
            return object
        case .portal(let answer):
            var object: [String: Any] = [
                "type": "portal", "time": time, "method": answer.method, "step": answer.step,
                "parameters": answer.parameters, "ok": answer.ok, "status": answer.status,
            ]
            if let result = answer.result { object["result"] = result }
            return object
        }
    }
}
