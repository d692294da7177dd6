public import AGIProtocol
import Adapters
import Engine
public import Foundation
import Logging
import Metrics
import RuleDSL

/// FastAGI requests: the dialplan asks (`agi.request`), the rules answer (`agi.set_variable`, `agi.done`). A
/// `b24.search_crm` made while a request is decided (in a rule on `agi.request`, or on the `call.result` of one of its
/// lookups) is not queued in the outbox: the request's driver looks it up at once (``PortalLookup``) and lands it here.
///
/// ```swift
/// var step = await pipeline.beginAGI(request, session: "agi-1")
/// while case .lookups(let requests) = step, !requests.isEmpty {
///     step = await pipeline.landLookups(await lookUp(requests), session: "agi-1")
/// }
/// ```
extension CallPipeline {
    /// Starts deciding a request: waits for its channel to show in the AMI stream (the call it belongs to), runs the
    /// rules on `agi.request`, and returns what the request needs next. Cancelled while waiting for the channel:
    /// nothing. The request's event value is made here, before the step: the pipeline's steps are serial, this is not.
    public nonisolated func beginAGI(_ request: AGIRequest, session: String, at time: Date = Date()) async -> AGIStep {
        let payload = AGIRequestValue.make(request, session: session)
        return logAnswer(await begin(request, payload: payload, session: session, at: time), session: session)
    }

    /// Lands the lookups of `session` (their `call.result` rules run) and returns what it needs next. The portal's
    /// answers are decoded here, before the step.
    public nonisolated func landLookups(_ outcomes: [LookupOutcome], session: String) async -> AGIStep {
        let landed = outcomes.map(LandedLookup.init)
        for lookup in landed {
            guard let error = lookup.error else { continue }
            logLookupFailure(lookup.request, error: error)
        }
        return logAnswer(await agiTurn(.land(landed), session: session), session: session)
    }

    /// Stops deciding `session` (its deadline passed, or the channel hung up): the lookups it still waited for land as
    /// failed, so the rules reading them (a finish for `call.crm.responsible ?? …`) go on at once.
    public func endAGI(session: String) async {
        _ = await agiTurn(.end, session: session)
    }

    private func begin(_ request: AGIRequest, payload: Value, session: String, at time: Date) async -> AGITurn {
        if engine.model.legs[request.uniqueID] == nil {
            let ticket = channelWaiters.register(request.uniqueID)
            logger.debug("FastAGI request waits for its channel", metadata: ["session": "\(session)"])
            guard await channelWaiters.wait(ticket) else { return AGITurn(step: .answer(.nothing)) }
        }
        return await agiTurn(.begin(request, payload: payload, at: time), session: session)
    }

    /// The turn's step; an answer is logged (after the step, off the pipeline's actor).
    private nonisolated func logAnswer(_ turn: AGITurn, session: String) -> AGIStep {
        if turn.answered, case .answer(let decision) = turn.step {
            logger.info(
                "FastAGI request answered",
                metadata: [
                    "session": "\(session)", "call": "\(turn.callID ?? "")", "commands": "\(decision.commands.count)",
                ]
            )
        }
        return turn.step
    }

    private nonisolated func logLookupFailure(_ request: LookupRequest, error: String) {
        logger.warning(
            "CRM lookup for a FastAGI request failed",
            metadata: ["call": "\(request.callID)", "as": "\(request.binding)", "error": "\(error)"]
        )
    }

    /// Queues `input` and takes the pipeline's gate: an input a step already took (while this one waited for the gate)
    /// has its answer ready; otherwise this step takes every input queued so far (``AGIInbox``), decides each in order
    /// and commits them together.
    private func agiTurn(_ input: AGIInbox.Input, session: String) async -> AGITurn {
        let ticket = agiInbox.submit(input, session: session)
        await serial.enter()
        defer { serial.leave() }
        if let turn = agiInbox.takeAnswer(ticket) { return turn }
        var work = StepWork()
        for item in agiInbox.takeQueued() {
            let turn = stageAGI(item.input, session: item.session, into: &work)
            agiInbox.answer(item.ticket, with: turn)
        }
        // The commit runs to its end even when this session's task is cancelled (its deadline passed, the channel hung
        // up): it writes the state and the outbox of every session in the step, and a cancelled write throws
        // `CancellationError`, logged as a storage fault. One task per step, however many sessions it took.
        let staged = work
        await Task { await commit(staged) }.value
        return agiInbox.takeAnswer(ticket) ?? AGITurn(step: .answer(.nothing))
    }

    /// Decides one input of `session` (as a step of its own would, without its commit); returns what it needs next.
    private func stageAGI(_ input: AGIInbox.Input, session: String, into work: inout StepWork) -> AGITurn {
        switch input {
        case .begin(let request, let payload, let time):
            var entry = engine.handle(request, payload: payload, session: session, at: time)
            agi.open(session, callID: entry.callID)
            route(&entry, session: session)
            stage([entry], into: &work)
        case .land(let lookups):
            for lookup in lookups {
                agi.landed(lookup.request, for: session)
                stageLookup(lookup, session: agi.isOpen(session) ? session : nil, into: &work)
            }
        case .end:
            for request in agi.close(session) {
                let failure = LookupFailure("the FastAGI request ended before the lookup answered")
                logLookupFailure(request, error: failure.description)
                stageLookup(LandedLookup(request, failure: failure), session: nil, into: &work)
            }
            return AGITurn(step: .answer(.nothing))
        }
        // Read before the step: an answer closes the session.
        let callID = agi.sessions[session]?.callID
        let step = agi.step(for: session) ?? .answer(.nothing)
        return AGITurn(step: step, answered: true, callID: callID)
    }

    /// FastAGI requests being decided now.
    public var openAGISessions: Int { agi.sessions.count }

    /// Returns once the steps running or waiting now have committed: after a session closed at its deadline was
    /// forgotten (``openAGISessions`` no longer counts it), what it left is written.
    public func waitForSteps() async {
        await serial.enter()
        serial.leave()
    }

    /// FastAGI inputs (requests, landed lookups, ends) waiting for the pipeline's next step.
    public var queuedAGIInputs: Int { agiInbox.count }

    /// Whether some FastAGI request waits for its channel to show in the AMI stream.
    public var agiRequestsWaitForChannels: Bool { !channelWaiters.isEmpty }

    private func stageLookup(_ lookup: LandedLookup, session: String?, into work: inout StepWork) {
        let request = lookup.request
        let released = gate.land(request.binding, value: lookup.value, in: request.callID, now: clock.now)
        var entry = engine.landResult(
            request.binding,
            action: ActionKind.searchCRM.rawValue,
            value: lookup.value,
            error: lookup.error,
            in: request.callID,
            at: Date()
        )
        if let session { route(&entry, session: session) }
        stage([entry], released: released, landing: request.callID, into: &work)
    }

    /// The FastAGI share of an entry made for `session`: its `b24.search_crm` with `as:` become lookups of the session
    /// instead of outbox commands, and its `agi.*` actions without `session` answer this session.
    func route(_ entry: inout TimelineEntry, session: String) {
        entry.intents = entry.intents.compactMap { intent in
            var intent = intent
            switch intent.kind {
            case .searchCRM:
                guard let binding = intent.binding, let callID = intent.callID,
                    case .string(let phone)? = intent.arguments["phone"]
                else { return intent }
                agi.queue(LookupRequest(callID: callID, binding: binding, phone: phone), for: session)
                logger.debug(
                    "CRM lookup for a FastAGI request",
                    metadata: ["rule": "\(intent.ruleID)", "call": "\(callID)", "session": "\(session)"]
                )
                SwitchboardMetrics.actions(action: intent.action, result: .ok).increment()
                return nil
            case .agiSetVariable, .agiDone:
                if intent.arguments["session"] == nil { intent.arguments["session"] = .string(session) }
                return intent
            default:
                return intent
            }
        }
    }

    /// Applies an `agi.*` action to the requests it addresses.
    func answerAGI(_ step: AGIAnswerStep, metadata: @autoclosure () -> Logger.Metadata, callID: String?) {
        let reached = agi.apply(step, callID: callID)
        if reached.isEmpty {
            logger.debug("no FastAGI request waits for this answer", metadata: metadata())
        } else {
            logger.debug("FastAGI answer", metadata: metadata().merging(["sessions": "\(reached)"]) { $1 })
        }
    }

    /// The channels FastAGI requests wait for may have come with this AMI step.
    func noteChannelsForAGI() {
        guard !channelWaiters.isEmpty else { return }
        let legs = engine.model.legs
        channelWaiters.resume { legs[$0] != nil }
    }

    /// Runs an `agi.*` intent now if its arguments resolve, else keeps it apart until a result of its call lands.
    func submitAGI(_ intent: ActionIntent, into commands: inout [DeliveryCommand]) {
        let callID = intent.callID ?? ""
        switch ArgumentResolver(landed: gate.results(of: callID)).resolve(intent) {
        case .ready(let arguments, let reference):
            execute(IntentGate.Ready(intent: intent, arguments: arguments, callReference: reference), into: &commands)
        case .waiting(let reference):
            logWaiting(intent, for: "\(reference)")
            agi.wait(intent, callID: callID)
        }
    }

    /// `agi.*` actions of `callID` that waited for a result: tried again now one landed.
    func retryWaitingAGI(_ callID: String, into commands: inout [DeliveryCommand]) {
        for intent in agi.takeWaiting(callID) {
            submitAGI(intent, into: &commands)
        }
    }
}
