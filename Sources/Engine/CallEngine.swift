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
    /// What happened to the last calls and why (nil: not traced). See ``CallTraces``.
    public var traces: CallTraces?

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
        let hasRules = interpreter.hasRules(for: name, in: generation)
        let knownCall = hasRules || traces != nil ? callID(of: message) : nil
        if hasRules {
            entries.append(
                interpret(
                    name: name,
                    payload: AMIEventValue.make(message),
                    trigger: .ami(name: name),
                    callID: knownCall,
                    time: AMITime.of(message, arrival: arrival),
                    generation: generation
                )
            )
        }
        let events = model.handle(message, arrival: arrival)
        for event in events { entries.append(interpret(event, generation: generation)) }
        if traces != nil { trace(message, of: knownCall, arrival: arrival, entries: entries, generation: generation) }
        return entries
    }

    /// Starts the call Bitrix24 asks for (see ``CallModel/start(_:id:at:)``) and interprets its first event. A call
    /// the rules neither dial nor wait on (see ``settle(_:at:)``) ends at once with cause `not_dialled`, and the rules
    /// on call.ended finish it.
    public mutating func start(_ request: CRMCallRequest, id: String, at time: Date) -> [TimelineEntry] {
        let generation = self.generation
        var entries = model.start(request, id: id, at: time).map { interpret($0, generation: generation) }
        entries += settle(id, at: time)
        return entries
    }

    /// Claims the one Originate naming the channels of a call the engine started (see
    /// ``CallModel/claimOriginate(in:)``).
    public mutating func claimOriginate(in callID: String) -> Bool {
        model.claimOriginate(in: callID)
    }

    /// Ends a call the engine started that nothing can make ring any more: no channel yet, no `ami.originate` made for
    /// it, and no `as:` result it is waiting for (a rule on call.result may still dial it once one lands). Call it
    /// after ``landResult(_:action:value:error:in:at:)``.
    public mutating func settle(_ callID: String, at time: Date) -> [TimelineEntry] {
        guard let call = model.calls[callID], call.awaitingChannel, !call.originateRequested,
            !call.bindings.values.contains(where: \.containsDeferred)
        else { return [] }
        return endWithoutChannel(callID, cause: "not_dialled", at: time)
    }

    /// Ends a call the engine started whose Originate failed before any channel appeared (see
    /// ``CallModel/endWithoutChannel(_:cause:at:)``) and interprets its call.ended.
    public mutating func endWithoutChannel(_ callID: String, cause: String, at time: Date) -> [TimelineEntry] {
        let generation = self.generation
        return model.endWithoutChannel(callID, cause: cause, at: time).map { interpret($0, generation: generation) }
    }

    /// Interprets a FastAGI request (`agi.request`) from the dialplan of channel `request.uniqueID`: the call is the
    /// one that channel belongs to (none when the model has not seen the channel).
    public mutating func handle(_ request: AGIRequest, session: String, at time: Date) -> TimelineEntry {
        handle(request, payload: AGIRequestValue.make(request, session: session), session: session, at: time)
    }

    /// ``handle(_:session:at:)`` with the request's event value made beforehand (by
    /// ``AGIRequestValue/make(_:session:)``, outside the caller's serial part).
    public mutating func handle(
        _ request: AGIRequest,
        payload: Value,
        session: String,
        at time: Date
    ) -> TimelineEntry {
        let generation = self.generation
        return interpret(
            name: AGIRequestValue.eventName,
            payload: payload,
            trigger: .agi(session: session),
            callID: model.legs[request.uniqueID]?.callID,
            time: time,
            generation: generation
        )
    }

    /// Applies what an engine queue reports of a caller (see ``QueueNote``) and interprets the engine events it makes
    /// (`call.queue_joined`, `call.queue_left`). Nothing for a channel the model does not know.
    public mutating func handle(_ note: QueueNote, at time: Date) -> [TimelineEntry] {
        let generation = self.generation
        let events: [EngineEvent]
        switch note {
        case .joined(let uniqueid, let queue, let position):
            events = model.engineQueueJoined(uniqueid: uniqueid, queue: queue, position: position, at: time)
        case .left(let uniqueid, let queue, let reason):
            events = model.engineQueueLeft(uniqueid: uniqueid, queue: queue, reason: reason, at: time)
        }
        let entries = events.map { interpret($0, generation: generation) }
        if traces != nil { trace(entries, generation: generation) }
        return entries
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
        let entries = model.resynchronize(channels: channels, at: time).map { interpret($0, generation: generation) }
        if traces != nil { trace(entries, generation: generation) }
        return entries
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
        // The call as the event found it: what the rules read, and what the entry shows.
        let before = callID.flatMap { model.calls[$0] ?? model.lastEnded[$0] }?.snapshot(at: time)
        let interpreter = self.interpreter
        let outcome = interpreter.interpret(
            event: name,
            payload: payload,
            call: before,
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
        entry.callChanges = outcome.callChanges
        entry.payload = payload
        entry.call = before
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
        case .originate:
            model.noteOriginate(in: callID)
            return false
        case .registerCall, .attachRecord, .searchCRM, .createLead, .updateLead, .redirect, .setVariable, .hangup, .log,
            .agiSetVariable, .agiDone:
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
        let entry = interpret(event, generation: generation)
        if traces != nil { trace([entry], generation: generation) }
        return entry
    }
}
