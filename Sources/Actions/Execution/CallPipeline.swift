public import AMIProtocol
public import Adapters
public import Engine
public import Foundation
public import Logging
import Metrics
public import RuleDSL

/// The daemon's heart: AMI messages in → call model and rules (``CallEngine``) → each intent executed as
/// exactly one Bitrix24 command (through the portal's durable scheduler) or AMI action; results land back in
/// the call (`as:`), where later rules read them and `call.result` rules react to them.
///
/// Per call, intents run in the order the rules made them: one that waits for a result (`call.crm.responsible`
/// before the CRM search answered) holds the call's later intents behind it until the result lands.
public actor CallPipeline {
    /// The engine (model + rules).
    public internal(set) var engine: CallEngine
    let scheduler: PortalScheduler?
    let ami: (any AMIActionSending)?
    let persistence: (any CallStatePersistence)?
    let logger: Logger
    /// Intents waiting for a result, per call, in order.
    var held: [String: [ActionIntent]] = [:]
    /// Since when the first held intent of each call waits.
    var heldSince: [String: Date] = [:]
    /// Results landed per call, by `as:` name (null: given up).
    var landed: [String: [String: Value]] = [:]
    /// Calls ended whose results may still land, oldest first (bounded).
    var endedOrder: [String] = []
    /// Makes step names unique within this run.
    let runToken: String
    var sequence = 0
    /// The last saved form of each call in progress (a call is written only when it changed).
    var lastSaved: [String: SavedCall] = [:]
    /// Why the call state could not be saved last time (nil once a save succeeds): `/healthz` names storage.
    public private(set) var storageProblem: String?
    /// Observers of every timeline entry (the demo's timeline, traces).
    var observers: [@Sendable (TimelineEntry) -> Void] = []
    /// The FastAGI requests being decided (CallPipeline+AGI).
    var agi = AGIDecisionBook()
    /// FastAGI requests waiting for their channel to show in the AMI stream.
    let channelWaiters = AGIChannelWaiters()
    /// Who creates unknown callers' leads (CallPipeline+Leads).
    var leadCreation: LeadCreationWatch?
    /// Where CRM searches go instead of the outbox, when the FastAGI server is on (CallPipeline+LookupLane).
    var lookupLane: LookupLane?

    let eventsCounter = SwitchboardMetrics.amiEvents()
    let activeCalls = SwitchboardMetrics.activeCalls()

    /// A pipeline over `engine`; without a scheduler, Bitrix24 actions fail (logged), without `ami` AMI actions do.
    public init(
        engine: CallEngine,
        scheduler: PortalScheduler?,
        ami: (any AMIActionSending)?,
        persistence: (any CallStatePersistence)? = nil,
        logger: Logger = Logger(label: "switchboard.pipeline"),
        runToken: String = String(Int(Date().timeIntervalSince1970 * 1000), radix: 36)
    ) {
        self.engine = engine
        self.scheduler = scheduler
        self.ami = ami
        self.persistence = persistence
        self.logger = logger
        self.runToken = runToken
    }

    /// Calls `observer` with every timeline entry from now on.
    public func observe(_ observer: @escaping @Sendable (TimelineEntry) -> Void) {
        observers.append(observer)
    }

    // MARK: Input

    /// Feeds one AMI message through the model and the rules and executes what they decide.
    public func handle(_ message: AMIMessage, arrival: Date = Date()) async {
        eventsCounter.increment()
        let entries = engine.handle(message, arrival: arrival)
        await run(entries)
    }

    /// Feeds messages that arrived together (in wire order) through the model and the rules, then executes what
    /// they decided as one step: the same intents in the same order as one ``handle(_:arrival:)`` per message,
    /// but their Bitrix24 commands go to the outbox in one transaction and the calls they changed are saved once.
    /// Under a burst (hundreds of ringing phones at once) this is what keeps a card from waiting behind a durable
    /// write per earlier event.
    public func handle(_ messages: [AMIMessage], arrival: Date = Date()) async {
        var entries: [TimelineEntry] = []
        for message in messages {
            eventsCounter.increment()
            entries += engine.handle(message, arrival: arrival)
        }
        await run(entries)
    }

    /// Resynchronises with the channels Asterisk has up now (after a start or a link gap): calls whose channels
    /// are gone end (`call.ended`, so the rules hide their cards and finish them).
    public func resynchronize(channels: [AMIMessage], at time: Date = Date()) async {
        let entries = engine.resynchronize(channels: channels, at: time)
        await run(entries)
    }

    /// Puts restored calls (from the state store) back into the model before the first resync.
    public func restore(_ calls: [SavedCall]) {
        engine.restore(calls)
        for call in calls {
            lastSaved[call.id] = call
            for (name, value) in call.bindings where !value.containsDeferred {
                landed[call.id, default: [:]][name] = value
            }
        }
    }

    /// Lands the results the outbox acknowledged for restored calls while their landing was lost (the process
    /// stopped in between): `as:<name>:<action>` steps by their name, the register's into the one binding of the
    /// call still waiting that no other step answers.
    public func relandDelivered(_ delivered: [String: [String: Bitrix24Value]]) async {
        for (callID, steps) in delivered.sorted(by: { $0.key < $1.key }) {
            guard let call = engine.model.calls[callID] else { continue }
            var waiting = Set(call.bindings.filter { $0.value.containsDeferred }.map(\.key))
            for (step, result) in steps.sorted(by: { $0.key < $1.key }) {
                guard let (binding, action) = IntentTranslator.binding(ofStep: step), waiting.contains(binding),
                    let kind = ActionKind(rawValue: action)
                else { continue }
                waiting.remove(binding)
                logger.info(
                    "result found in the outbox after a restart",
                    metadata: ["call": "\(callID)", "step": "\(step)"]
                )
                await land(
                    binding,
                    action: action,
                    value: ResultDecoding.value(of: result, action: kind),
                    error: nil,
                    in: callID
                )
            }
            if let register = steps[DeliveryCommand.registerStep], waiting.count == 1, let binding = waiting.first {
                await land(
                    binding,
                    action: ActionKind.registerCall.rawValue,
                    value: ResultDecoding.value(of: register, action: .registerCall),
                    error: nil,
                    in: callID
                )
            }
        }
    }

    /// Intents that waited longer than `limit` for a result stop waiting: the results they wait for count as
    /// given up (so `a ?? b` takes `b`, and a required argument fails the action), and the call goes on.
    public func expireHeld(olderThan limit: Duration, now: Date = Date()) async {
        for (callID, since) in heldSince where now.timeIntervalSince(since) >= limit.seconds {
            guard let head = held[callID]?.first,
                case .waiting(let reference) = ArgumentResolver(landed: landed[callID] ?? [:]).resolve(head),
                reference.path.count >= 2
            else {
                heldSince[callID] = nil
                continue
            }
            let binding = reference.path[1]
            logger.warning(
                "a result never came; the actions waiting for it go on without it",
                metadata: [
                    "call": "\(callID)", "waits_for": "\(reference)", "rule": "\(head.ruleID)",
                    "action": "\(head.action)",
                ]
            )
            await land(binding, action: "unknown", value: nil, error: "no result within \(limit)", in: callID)
        }
    }

    /// Puts a new rules generation in force; calls in progress go on under it.
    public func load(_ ruleSet: CompiledRuleSet) {
        engine.load(ruleSet)
    }

    /// The rules generation in force.
    public var generationNumber: Int { engine.generation.number }

    /// Lands a command's outcome: its result joins the call under its `as:` name and `call.result` rules run.
    public func land(_ outcome: DeliveryOutcome) async {
        let command = outcome.command
        guard let binding = command.resultBinding else { return }
        let kind = ActionCatalog.action(performing: command.method)?.kind
        let value: Value?
        let error: String?
        switch outcome {
        case .delivered(_, let result):
            value = kind.map { ResultDecoding.value(of: result, action: $0) } ?? ResultDecoding.plain(result)
            error = nil
        case .gaveUp(_, let reason):
            value = nil
            error = reason
        }
        await land(
            binding,
            action: kind?.rawValue ?? command.method,
            value: value,
            error: error,
            in: command.callKey
        )
    }

    /// Lands a result (nil: the action failed for good) under `binding` in `callID`.
    public func land(_ binding: String, action: String, value: Value?, error: String?, in callID: String) async {
        landed[callID, default: [:]][binding] = value ?? .null
        noteLeadCreation(action: action, value: value)
        let entry = engine.landResult(binding, action: action, value: value, error: error, in: callID, at: Date())
        await run([entry], landing: callID)
    }

    // MARK: Execution

    func run(_ entries: [TimelineEntry], landing: String? = nil) async {
        var commands: [DeliveryCommand] = []
        var touched: Set<String> = []
        noteChannelsForAGI()
        if let landing {
            touched.insert(landing)
            release(landing, into: &commands)
            retryWaitingAGI(landing, into: &commands)
        }
        for entry in entries {
            for observer in observers { observer(entry) }
            for issue in entry.issues {
                logger.warning(
                    "rule action not evaluated",
                    metadata: [
                        "rule": "\(issue.ruleID)", "action": "\(issue.action)", "call": "\(issue.callID ?? "-")",
                        "error": "\(issue.error)",
                    ]
                )
                SwitchboardMetrics.actions(action: issue.action.rawValue, result: .failed).increment()
            }
            for rule in entry.firedRules {
                SwitchboardMetrics.rulesFired(rule: rule).increment()
            }
            if let callID = entry.callID { touched.insert(callID) }
            for intent in entry.intents {
                if let callID = intent.callID, held[callID] != nil, !intent.kind.answersAGI {
                    held[callID, default: []].append(intent)
                    continue
                }
                if !execute(intent, into: &commands), let callID = intent.callID {
                    held[callID] = [intent]
                    heldSince[callID] = Date()
                }
            }
        }
        // The calls' state first, then their commands: killed in between, a restart finds the call (and hides and
        // finishes it; commands that never reached the outbox are not missed) — never a card in the outbox for a
        // call it does not know.
        persist(touched)
        await deliver(commands)
        activeCalls.record(engine.model.calls.count)
    }

    /// Executes the held intents of `callID` that can now run, in order.
    func release(_ callID: String, into commands: inout [DeliveryCommand]) {
        guard var queue = held[callID] else { return }
        let waiting = queue.count
        while let next = queue.first {
            guard execute(next, into: &commands) else { break }
            queue.removeFirst()
        }
        held[callID] = queue.isEmpty ? nil : queue
        // A new head starts its own wait.
        if queue.isEmpty { heldSince[callID] = nil } else if queue.count < waiting { heldSince[callID] = Date() }
    }

    /// Executes one intent; false when it must wait for a result.
    func execute(_ intent: ActionIntent, into commands: inout [DeliveryCommand]) -> Bool {
        let callID = intent.callID ?? ""
        let resolution = ArgumentResolver(landed: landed[callID] ?? [:]).resolve(intent)
        guard case .ready(let arguments, let callReference) = resolution else {
            if case .waiting(let reference) = resolution {
                logger.debug(
                    "action waits for a result",
                    metadata: [
                        "rule": "\(intent.ruleID)", "action": "\(intent.action)", "call": "\(callID)",
                        "waits_for": "\(reference)",
                    ]
                )
            }
            // An answer to the dialplan waits apart: it never holds the call's Bitrix24 work, nor waits behind it.
            if intent.kind.answersAGI, let callID = intent.callID {
                agi.wait(intent, callID: callID)
                return true
            }
            return false
        }
        sequence += 1
        let planned: PlannedAction
        do {
            planned = try IntentTranslator.plan(
                intent,
                arguments: arguments,
                callReference: callReference,
                token: "\(runToken)-\(sequence)"
            )
        } catch {
            fail(intent, error.description)
            return true
        }
        var metadata: Logger.Metadata = [
            "rule": "\(intent.ruleID)", "call": "\(callID)", "action": "\(intent.action)",
            "on": "\(intent.trigger)",
        ]
        switch planned {
        case .deliver(let command):
            guard scheduler != nil else {
                fail(intent, ExecutionError.unavailable(action: intent.action, part: "a Bitrix24 portal").description)
                return true
            }
            metadata["step"] = "\(command.step)"
            if sendThroughLookupLane(intent, command) {
                logger.info("CRM lookup sent ahead of the outbox", metadata: metadata)
            } else {
                logger.info("action queued for Bitrix24", metadata: metadata)
                commands.append(command)
            }
        case .ami(let action):
            sendAMI(intent, metadata: metadata) { sender in
                _ = try await sender.send(action, timeout: nil)
                return nil
            }
        case .originate(let originate):
            sendAMI(intent, metadata: metadata) { sender in
                let result = try await sender.originate(originate, timeout: nil)
                var fields: [String: Value] = ["answered": .bool(result.succeeded)]
                fields["uniqueid"] = result.uniqueID.map(Value.string)
                return .map(fields)
            }
        case .log(let level, let message):
            logger.log(level: level, "\(message)", metadata: metadata)
        case .applied:
            logger.debug("call value stored", metadata: metadata)
        case .answerAGI(let step):
            answerAGI(step, metadata: metadata, callID: intent.callID)
        }
        SwitchboardMetrics.actions(action: intent.action, result: .ok).increment()
        return true
    }

    func fail(_ intent: ActionIntent, _ reason: String) {
        logger.error(
            "action failed",
            metadata: [
                "rule": "\(intent.ruleID)", "call": "\(intent.callID ?? "-")", "action": "\(intent.action)",
                "error": "\(reason)",
            ]
        )
        SwitchboardMetrics.actions(action: intent.action, result: .failed).increment()
    }

    func sendAMI(
        _ intent: ActionIntent,
        metadata: Logger.Metadata,
        _ operation: @escaping @Sendable (any AMIActionSending) async throws -> Value?
    ) {
        guard let ami else {
            fail(intent, ExecutionError.unavailable(action: intent.action, part: "the AMI connection").description)
            return
        }
        logger.info("action sent to Asterisk", metadata: metadata)
        let binding = intent.binding
        let callID = intent.callID
        let action = intent.action
        Task {
            do {
                let value = try await operation(ami)
                if let binding, let callID {
                    await self.land(binding, action: action, value: value ?? .map([:]), error: nil, in: callID)
                }
            } catch {
                self.logAMIFailure(intent, error)
                if let binding, let callID {
                    await self.land(binding, action: action, value: nil, error: "\(error)", in: callID)
                }
            }
        }
    }

    nonisolated func logAMIFailure(_ intent: ActionIntent, _ error: any Error) {
        logger.error(
            "AMI action failed",
            metadata: [
                "rule": "\(intent.ruleID)", "call": "\(intent.callID ?? "-")", "action": "\(intent.action)",
                "error": "\(error)",
            ]
        )
    }

    func deliver(_ commands: [DeliveryCommand]) async {
        guard !commands.isEmpty, let scheduler else { return }
        do {
            try await scheduler.enqueue(commands)
        } catch {
            logger.error(
                "could not queue Bitrix24 commands",
                metadata: ["error": "\(error)", "count": "\(commands.count)"]
            )
        }
    }

    // MARK: State

    func persist(_ callIDs: Set<String>) {
        var ended: [String] = []
        var changed: [SavedCall] = []
        for callID in callIDs {
            if let call = engine.model.calls[callID] {
                let saved = call.saved
                if lastSaved[callID] != saved { changed.append(saved) }
            } else {
                ended.append(callID)
            }
        }
        for callID in ended where held[callID] == nil { forgetLater(callID) }
        guard let persistence, !(changed.isEmpty && ended.isEmpty) else { return }
        let forgotten = ended.filter { lastSaved[$0] != nil }
        do {
            if !changed.isEmpty { try persistence.save(changed, at: Date()) }
            if !forgotten.isEmpty { try persistence.remove(forgotten) }
            for call in changed { lastSaved[call.id] = call }
            for callID in forgotten { lastSaved[callID] = nil }
            storageProblem = nil
        } catch {
            storageProblem = "\(error)"
            logger.error("call state not saved", metadata: ["error": "\(error)"])
            Counter(label: "switchboard_storage_errors_total").increment()
        }
    }

    /// Keeps an ended call's landed results a while (late results still land), then drops them.
    func forgetLater(_ callID: String) {
        guard !endedOrder.contains(callID) else { return }
        endedOrder.append(callID)
        while endedOrder.count > 10_000 {
            let oldest = endedOrder.removeFirst()
            if engine.model.calls[oldest] == nil, held[oldest] == nil { landed[oldest] = nil }
        }
    }
}
