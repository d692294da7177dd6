public import AGIProtocol
public import AMIProtocol
public import Foundation
public import RuleDSL

/// The call model and the rule interpreter together, pure and synchronous: AMI messages in, a timeline of
/// engine events (and the AMI events rules react to) with the action intents the rules produce, out.
/// `engine replay` drives it from a file, `engine test` from rule tests, the daemon (through `CallPipeline`) from
/// the AMI client.
public struct CallEngine: Sendable {
    /// The call model.
    public private(set) var model: CallModel
    /// The rules in force.
    public private(set) var generation: RuleGeneration
    /// The interpreter (configuration and run-time functions).
    public var interpreter: RuleInterpreter

    /// Creates an engine with `generation` in force.
    public init(generation: RuleGeneration = .empty, interpreter: RuleInterpreter = RuleInterpreter()) {
        self.generation = generation
        self.interpreter = interpreter
        self.model = CallModel(policy: generation.policy)
    }

    /// Puts a new rules generation in force (numbered one more than the current); calls in progress keep their
    /// direction, later decisions and matching use the new rules.
    public mutating func load(_ ruleSet: CompiledRuleSet) {
        generation = RuleGeneration(number: generation.number + 1, ruleSet: ruleSet)
        model.policy = generation.policy
    }

    /// Feeds one message: first the rules on the AMI event itself (seeing the call as it was), then each
    /// engine event it causes with the rules on it.
    public mutating func handle(_ message: AMIMessage, arrival: Date) -> [TimelineEntry] {
        guard message.kind == .event, let name = message.name else { return [] }
        var entries: [TimelineEntry] = []
        let generation = self.generation
        if interpreter.hasRules(for: name, in: generation) {
            let time = AMITime.of(message, arrival: arrival)
            var callID: String?
            for header in ["Uniqueid", "DestUniqueid", "TransfereeUniqueid", "OrigTransfererUniqueid"] {
                if let uniqueid = message[header], let leg = model.legs[uniqueid] {
                    callID = leg.callID
                    break
                }
            }
            entries.append(
                interpret(
                    name: name,
                    payload: AMIEventValue.make(message),
                    trigger: .ami(name: name),
                    callID: callID,
                    time: time,
                    generation: generation
                )
            )
        }
        let events = model.handle(message, arrival: arrival)
        for event in events { entries.append(interpret(event, generation: generation)) }
        return entries
    }

    /// Interprets a FastAGI request (`agi.request`) from the dialplan of channel `request.uniqueID`: the call is the
    /// one that channel belongs to (none when the model has not seen the channel).
    public mutating func handle(_ request: AGIRequest, session: String, at time: Date) -> TimelineEntry {
        let generation = self.generation
        return interpret(
            name: AGIRequestValue.eventName,
            payload: AGIRequestValue.make(request, session: session),
            trigger: .agi(session: session),
            callID: model.legs[request.uniqueID]?.callID,
            time: time,
            generation: generation
        )
    }

    /// Puts back calls saved before a restart (see ``CallModel/restore(_:)``); follow with
    /// ``resynchronize(channels:at:)`` so that calls whose channels vanished meanwhile end and the rules finish them.
    public mutating func restore(_ calls: [SavedCall]) {
        model.restore(calls)
    }

    /// Marks the moment a resynchronisation is requested (see ``CallModel/beginResynchronization()``).
    public mutating func beginResynchronization() {
        model.beginResynchronization()
    }

    /// Resynchronises after a link gap (see ``CallModel/resynchronize(channels:at:)``) and interprets the result.
    public mutating func resynchronize(channels: [AMIMessage], at time: Date) -> [TimelineEntry] {
        let generation = self.generation
        return model.resynchronize(channels: channels, at: time).map { interpret($0, generation: generation) }
    }

    private mutating func interpret(_ event: EngineEvent, generation: RuleGeneration) -> TimelineEntry {
        interpret(
            name: event.name,
            payload: event.payload,
            trigger: .engine(event),
            callID: event.callID,
            time: event.time,
            generation: generation
        )
    }

    private mutating func interpret(
        name: String,
        payload: Value,
        trigger: TimelineEntry.Trigger,
        callID: String?,
        time: Date,
        generation: RuleGeneration
    ) -> TimelineEntry {
        var entry = TimelineEntry(time: time, trigger: trigger, callID: callID)
        guard interpreter.hasRules(for: name, in: generation) else { return entry }
        let call = callID.flatMap { model.calls[$0] ?? model.lastEnded[$0] }
        let interpreter = self.interpreter
        let outcome = interpreter.interpret(
            event: name,
            payload: payload,
            call: call?.snapshot(at: time),
            callID: callID,
            generation: generation
        ) { intent in
            guard let callID else { return nil }
            if let binding = intent.binding { model.bind(binding, in: callID) }
            guard applyEffects(of: intent, in: callID) || intent.binding != nil else { return nil }
            return (model.calls[callID] ?? model.lastEnded[callID])?.snapshot(at: time)
        }
        entry.intents = outcome.intents
        entry.issues = outcome.issues
        entry.firedRules = outcome.firedRules
        entry.payload = payload
        entry.call = call?.snapshot(at: time)
        return entry
    }

    /// What an intent changes in its call at once, before anything is sent: `call.shown` follows the cards the
    /// rules show, hide and finish; `call.set` stores its value. Later rules of the same event see the change.
    /// - Returns: whether the call changed.
    private mutating func applyEffects(of intent: ActionIntent, in callID: String) -> Bool {
        switch intent.kind {
        case .showCard:
            guard case .list(let users)? = intent.arguments["users"] else { return false }
            model.noteShown(users, in: callID)
        case .hideCard:
            guard case .list(let users)? = intent.arguments["users"] else { return false }
            model.noteHidden(users, in: callID)
        case .finishCall:
            guard let user = intent.arguments["user"] else { return false }
            model.noteHidden([user], in: callID)
        case .setCallValue:
            guard case .string(let name)? = intent.arguments["name"], let value = intent.arguments["value"] else {
                return false
            }
            model.setVar(name, to: value, in: callID)
        case .registerCall, .attachRecord, .searchCRM, .createLead, .updateLead, .originate, .redirect, .setVariable,
            .hangup, .log, .agiSetVariable, .agiDone:
            return false
        }
        return true
    }

    /// Lands the result of an `as:` action (or records that it failed for good: `value` nil) and interprets the
    /// `call.result` event it makes, so rules can react to a result (e.g. a lead Bitrix24 failed to create).
    public mutating func landResult(
        _ binding: String,
        action: String,
        value: Value?,
        error: String? = nil,
        in callID: String,
        at time: Date
    ) -> TimelineEntry {
        model.setBinding(binding, to: value ?? .null, in: callID)
        let event = EngineEvent(
            callID: callID,
            time: time,
            kind: .result(name: binding, action: action, ok: value != nil, error: error)
        )
        return interpret(event, generation: generation)
    }

    /// What the rules read for `entry`'s trigger (for traces that explain why a rule did or did not fire).
    public func context(for entry: TimelineEntry) -> EvaluationContext {
        var variables: [String: Value] = ["event": entry.payload, "config": interpreter.config]
        if let call = entry.call { variables["call"] = call }
        return EvaluationContext(variables: variables, functions: interpreter.functions, mode: .condition)
    }
}
