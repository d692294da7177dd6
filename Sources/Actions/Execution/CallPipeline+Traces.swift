import AMIProtocol
import Adapters
public import Engine
import Foundation
import RuleDSL

extension CallPipeline {
    /// Keeps traces of the last calls from now on (nil: none; what was kept is dropped).
    public func setTraces(_ traces: CallTraces?) {
        engine.traces = traces
    }

    /// What the console needs to show and explain one call's trace: the trace, the generations its evaluations were
    /// made with, and the interpreter (configuration, functions) to explain them with. Nil when not kept.
    public func traced(_ callID: String) -> TracedCall? {
        guard let traces = engine.traces, let trace = traces.trace(of: callID) else { return nil }
        return TracedCall(trace: trace, generations: traces.generations, interpreter: engine.interpreter)
    }

    /// The calls in progress, the oldest first.
    public var liveCalls: [Call] { engine.model.calls.values.sorted { $0.startedAt < $1.startedAt } }

    /// The calls traced, the newest first (nil when traces are off).
    public var recentTraces: [CallTrace]? { engine.traces?.recent }

    /// Records an executed intent with its arguments as resolved and where it goes.
    func trace(_ intent: ActionIntent, arguments: [String: Value], planned: PlannedAction) {
        guard engine.traces != nil, let callID = intent.callID else { return }
        let route =
            switch planned {
            case .deliver(let command): "Bitrix24 \(command.method) (step \(command.step))"
            case .record: "the recordings (converted, then attached after the finish)"
            case .ami(let action): "Asterisk \(action.name)"
            case .originate: "Asterisk Originate"
            case .log: "logged"
            case .applied: "stored in the call"
            case .answerAGI: "the dialplan's FastAGI request (the answer)"
            }
        engine.trace(
            TraceExecution(
                time: Date(),
                rule: intent.ruleID,
                action: intent.kind,
                arguments: arguments,
                route: route
            ),
            of: callID
        )
    }

    /// Records an intent that failed.
    func trace(_ intent: ActionIntent, failure: String) {
        guard engine.traces != nil, let callID = intent.callID else { return }
        engine.trace(
            TraceExecution(
                time: Date(),
                rule: intent.ruleID,
                action: intent.kind,
                arguments: intent.arguments,
                route: "not executed",
                failure: failure
            ),
            of: callID
        )
    }

    /// Records what the portal answered to a command (or that it was given up).
    func trace(_ outcome: DeliveryOutcome) {
        guard engine.traces != nil else { return }
        let command = outcome.command
        let (status, result): (String, Bitrix24Value?) =
            switch outcome {
            case .delivered(_, let result): ("ok", result)
            case .gaveUp(_, let reason): ("given up: \(reason)", nil)
            }
        let answer = TracePortalAnswer(
            time: Date(),
            method: command.method,
            step: command.step,
            parameters: Value.map(command.params.mapValues(ResultDecoding.plain)).compactText,
            ok: result != nil,
            status: status,
            result: result.map { ResultDecoding.plain($0).compactText }
        )
        engine.trace(answer, of: command.callKey)
    }
}

/// One call's trace with what explaining it needs.
public struct TracedCall: Sendable {
    public let trace: CallTrace
    /// The rules generations its evaluations were made with.
    public let generations: [Int: RuleGeneration]
    /// The interpreter to explain with.
    public let interpreter: RuleInterpreter
}
