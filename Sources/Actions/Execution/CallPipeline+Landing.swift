import Adapters
import Engine
public import Foundation
public import RuleDSL

/// Results landing in the pipeline: a command's outcome (or a lane lookup's, an AMI action's) joins its call under its
/// `as:` name, and the `call.result` rules run.
extension CallPipeline {
    /// Lands a command's outcome: its result joins the call under its `as:` name and `call.result` rules run.
    public func land(_ outcome: DeliveryOutcome) async {
        await land([outcome])
    }

    /// Lands outcomes settled together (one portal answer), in order, as one step: the same results and rules as one
    /// ``land(_:)`` each, but the calls they changed are saved once and their commands queued in one outbox write.
    public func land(_ outcomes: [DeliveryOutcome]) async {
        var landings: [Landing] = []
        for outcome in outcomes {
            trace(outcome)
            let command = outcome.command
            if command.kind == .attachRecord, let recordings { await recordings.settle(outcome) }
            guard let binding = command.resultBinding else { continue }
            let kind = ActionCatalog.action(performing: command.method)?.kind
            let value: Value?
            let error: String?
            switch outcome {
            case .delivered(_, let result):
                (value, error) = kind.map { Self.decode(result, action: $0) } ?? (ResultDecoding.plain(result), nil)
            case .gaveUp(_, let reason):
                value = nil
                error = reason
            }
            landings.append(
                Landing(
                    binding: binding,
                    action: kind?.rawValue ?? command.method,
                    value: value,
                    error: error,
                    callID: command.callKey
                )
            )
        }
        guard !landings.isEmpty else { return }
        await serial.enter()
        defer { serial.leave() }
        var work = StepWork()
        for landing in landings {
            await stageLanding(
                landing.binding,
                action: landing.action,
                value: landing.value,
                error: landing.error,
                in: landing.callID,
                into: &work
            )
        }
        await commit(work)
    }

    /// A result to land (``land(_:)``).
    struct Landing {
        let binding: String
        let action: String
        let value: Value?
        let error: String?
        let callID: String
    }

    /// A delivered result as the rules read it, or why it cannot be read (the action then counts as failed).
    static func decode(_ result: Bitrix24Value, action: ActionKind) -> (value: Value?, error: String?) {
        do {
            return (try ResultDecoding.value(of: result, action: action), nil)
        } catch {
            return (nil, "the portal's answer is malformed: \(error.detail)")
        }
    }

    /// Lands a result (nil: the action failed for good) under `binding` in `callID`.
    public func land(_ binding: String, action: String, value: Value?, error: String?, in callID: String) async {
        await serial.enter()
        defer { serial.leave() }
        await landInStep(binding, action: action, value: value, error: error, in: callID)
    }

    /// ``land(_:action:value:error:in:)`` inside a step already taken.
    func landInStep(_ binding: String, action: String, value: Value?, error: String?, in callID: String) async {
        var work = StepWork()
        await stageLanding(binding, action: action, value: value, error: error, in: callID, into: &work)
        await commit(work)
    }

    /// The part of a landing that decides (the result joins the call, its rules run, the intents it released
    /// execute); ``commit(_:)`` saves and queues what it decided.
    func stageLanding(
        _ binding: String,
        action: String,
        value: Value?,
        error: String?,
        in callID: String,
        into work: inout StepWork
    ) async {
        let released = gate.land(binding, value: value, in: callID, now: clock.now)
        await noteLeadCreation(action: action, value: value)
        let now = Date()
        let entry = engine.landResult(binding, action: action, value: value, error: error, in: callID, at: now)
        stage([entry] + engine.settle(callID, at: now), released: released, landing: callID, into: &work)
    }
}
