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
/// before the CRM search answered) holds the call's later intents behind it until the result lands, or until it has
/// waited `heldIntentLimit` (``IntentGate``). Inputs (AMI messages, results) go through one at a time, each with its
/// call-state write and its outbox write, in arrival order; inputs that arrived together (a burst of AMI events, the
/// outcomes of one portal answer, FastAGI inputs queued meanwhile) share one step: each decided as alone, then one
/// call-state write and one outbox write (``stage(_:released:landing:into:)``, ``commit(_:)``). AMI actions are handed
/// out on ``amiActions`` for the service that runs the pipeline to send (``perform(_:)``).
public actor CallPipeline {
    /// The engine (model + rules).
    public internal(set) var engine: CallEngine
    let scheduler: PortalScheduler?
    nonisolated let ami: (any AMIActionSending)?
    let persistence: (any CallStatePersistence)?
    let clock: any DeliveryClock
    /// Where `b24.attach_record` goes; nil when `recordings:` is off.
    let recordings: (any RecordingSink)?
    /// Recordings and finish notes of the step being run, handed to ``recordings`` before its commands are queued.
    var recordingWork = RecordingWork()
    /// The outbox step of each call's finish, for the recordings that must follow it.
    var finishSteps: [String: String] = [:]
    let logger: Logger
    /// Which intents run now and which wait for a result (pure).
    var gate: IntentGate
    /// One input at a time, in arrival order.
    let serial = SerialGate()
    /// Wakes ``expireHeldIntents()`` when the earliest deadline of a waiting intent changes.
    let heldWake = WakeSignal()
    var signalledDeadline: Date?
    /// AMI actions to send, in the order the rules made them.
    public nonisolated let amiActions: AsyncStream<AMIWork>
    let amiSink: AsyncStream<AMIWork>.Continuation
    /// Makes step names unique within this run.
    let runToken: String
    var sequence = 0
    /// The fingerprint of the last saved form of each call in progress (a call is written only when it changed; a
    /// fingerprint instead of the saved form itself, which would be a second copy of every call).
    var lastSaved: [String: SavedCall.Fingerprint] = [:]
    /// Why the call state could not be saved last time (nil once a save succeeds): `/healthz` names storage.
    public private(set) var storageProblem: String?
    /// The per-call budget of actions and the AMI rate limit that stop a rule storm.
    var runaway: RunawayGuard
    /// Observers of every timeline entry (the demo's timeline, traces).
    var observers: [@Sendable (TimelineEntry) -> Void] = []
    /// Calls the engine started whose Originate failed before Asterisk had a channel of them, with the cause to end
    /// them with (at the end of the current step).
    var undialled: [(callID: String, cause: String)] = []
    /// Failed Originates of such calls, ended in the order of the AMI stream.
    var originateResponses = OriginateResponses()
    /// The FastAGI requests being decided (CallPipeline+AGI).
    var agi = AGIDecisionBook()
    /// FastAGI inputs waiting for a step (CallPipeline+AGI).
    var agiInbox = AGIInbox()
    /// FastAGI requests waiting for their channel to show in the AMI stream.
    let channelWaiters = AGIChannelWaiters()
    /// Who creates unknown callers' leads (CallPipeline+Leads).
    var leadCreation: LeadCreationWatch?
    /// Where CRM searches go instead of the outbox, when the FastAGI server is on (CallPipeline+LookupLane).
    var lookupLane: LookupLane?
    /// The engine queues' FastAGI driver, fed the AMI events it reads while the rules declare queues
    /// (CallPipeline+Queues).
    var queueRouter: QueueRouter?
    /// The rules in force declare engine queues.
    var queuesDeclared = false
    /// What engine queues told of callers and the call model has not applied yet, with when.
    var queueNotes: [(note: QueueNote, at: Date)] = []

    let eventsCounter = SwitchboardMetrics.amiEvents()
    let activeCalls = SwitchboardMetrics.activeCalls()

    /// A pipeline over `engine`; without a scheduler, Bitrix24 actions fail (logged), without `ami` AMI actions do.
    /// An intent waits at most `heldIntentLimit` for a result, measured on `clock`.
    public init(
        engine: CallEngine,
        scheduler: PortalScheduler?,
        ami: (any AMIActionSending)?,
        persistence: (any CallStatePersistence)? = nil,
        heldIntentLimit: Duration = .seconds(30),
        clock: any DeliveryClock = SystemDeliveryClock(),
        recordings: (any RecordingSink)? = nil,
        logger: Logger = Logger(label: "switchboard.pipeline"),
        runToken: String = String(Int(Date().timeIntervalSince1970 * 1000), radix: 36),
        runawayLimits: RunawayGuard.Limits = .standard
    ) {
        self.runaway = RunawayGuard(limits: runawayLimits)
        self.engine = engine
        self.scheduler = scheduler
        self.ami = ami
        self.persistence = persistence
        self.gate = IntentGate(limit: heldIntentLimit)
        self.clock = clock
        self.recordings = recordings
        self.logger = logger
        self.runToken = runToken
        (amiActions, amiSink) = AsyncStream.makeStream(of: AMIWork.self)
    }

    /// Calls `observer` with every timeline entry from now on.
    public func observe(_ observer: @escaping @Sendable (TimelineEntry) -> Void) {
        observers.append(observer)
    }

    // MARK: Input

    /// Feeds one AMI message through the model and the rules and executes what they decide.
    public func handle(_ message: AMIMessage, arrival: Date = Date()) async {
        await serial.enter()
        defer { serial.leave() }
        eventsCounter.increment()
        var entries = takeQueueNotes()
        entries += engine.handle(message, arrival: arrival)
        entries += await observeForQueues([message])
        await run(entries)
        await settleOriginates(after: [message])
    }

    /// Feeds messages that arrived together (in wire order) through the model and the rules, then executes what
    /// they decided as one step: the same intents in the same order as one ``handle(_:arrival:)`` per message,
    /// but their Bitrix24 commands go to the outbox in one transaction and the calls they changed are saved once.
    /// Under a burst (hundreds of ringing phones at once) this is what keeps a card from waiting behind a durable
    /// write per earlier event.
    public func handle(_ messages: [AMIMessage], arrival: Date = Date()) async {
        await serial.enter()
        defer { serial.leave() }
        var entries = takeQueueNotes()
        for message in messages {
            eventsCounter.increment()
            entries += engine.handle(message, arrival: arrival)
        }
        entries += await observeForQueues(messages)
        await run(entries)
        await settleOriginates(after: messages)
    }

    /// Marks the moment a `CoreShowChannels` request goes out: calls first seen after it are spared by the
    /// ``resynchronize(channels:at:)`` that follows.
    public func beginResynchronization() {
        engine.beginResynchronization()
    }

    /// Resynchronises with the channels Asterisk has up now (after a start or a link gap): calls whose channels
    /// are gone end (`call.ended`, so the rules hide their cards and finish them).
    public func resynchronize(channels: [AMIMessage], at time: Date = Date()) async {
        await serial.enter()
        defer { serial.leave() }
        let entries = engine.resynchronize(channels: channels, at: time)
        await run(entries)
        for call in originateResponses.flush() { await endWithoutChannelInStep(call.callID, cause: call.cause) }
    }

    /// Puts restored calls (from the state store) back into the model before the first resync.
    public func restore(_ calls: [SavedCall]) {
        engine.restore(calls)
        for call in calls {
            lastSaved[call.id] = call.fingerprint
            gate.restore(call.bindings.filter { !$0.value.containsDeferred }, in: call.id)
        }
    }

    /// Lands the results the outbox acknowledged for restored calls while their landing was lost (the process
    /// stopped in between): `as:<name>:<action>` steps by their name, the register's into the one binding of the
    /// call still waiting that no other step answers.
    public func relandDelivered(_ delivered: [String: [String: Bitrix24Value]]) async {
        await serial.enter()
        defer { serial.leave() }
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
                let (value, error) = Self.decode(result, action: kind)
                await landInStep(binding, action: action, value: value, error: error, in: callID)
            }
            if let register = steps[DeliveryCommand.registerStep], waiting.count == 1, let binding = waiting.first {
                let (value, error) = Self.decode(register, action: .registerCall)
                await landInStep(
                    binding,
                    action: ActionKind.registerCall.rawValue,
                    value: value,
                    error: error,
                    in: callID
                )
            }
        }
    }

    /// Intents that have waited the limit for a result stop waiting: the results they wait for count as given up
    /// (so `a ?? b` takes `b`, and a required argument fails the action), and the call goes on.
    public func expireHeld(now: Date) async {
        await serial.enter()
        defer { serial.leave() }
        for expiry in gate.tick(now: now) {
            logger.warning(
                "a result never came; the actions waiting for it go on without it",
                metadata: [
                    "call": "\(expiry.callID)", "waits_for": "\(expiry.reference)", "rule": "\(expiry.intent.ruleID)",
                    "action": "\(expiry.intent.action)",
                ]
            )
            await landInStep(
                expiry.binding,
                action: "unknown",
                value: nil,
                error: "no result within \(gate.limit)",
                in: expiry.callID
            )
        }
    }

    /// Runs ``expireHeld(now:)`` at the moment each waiting intent reaches the limit (on the pipeline's clock), until
    /// cancelled. The service that runs the pipeline runs this in its task group.
    public func expireHeldIntents() async {
        while !Task.isCancelled {
            await heldWake.wait(until: gate.nextDeadline, clock: clock)
            if Task.isCancelled { return }
            if let due = gate.nextDeadline, clock.now >= due { await expireHeld(now: clock.now) }
        }
    }

    /// When the oldest waiting intent reaches the limit (nil when none waits).
    public var nextHeldDeadline: Date? { gate.nextDeadline }

    /// Intents waiting for a result, over all calls.
    public var heldIntentCount: Int { gate.heldCount }

    /// Puts a new rules generation in force; calls in progress go on under it. Returns its number.
    @discardableResult
    public func load(_ ruleSet: CompiledRuleSet) async -> Int {
        engine.load(ruleSet)
        let generation = engine.generation.number
        queuesDeclared = !ruleSet.queues.isEmpty
        await queueRouter?.reconfigure(queues: ruleSet.queues.values.sorted { $0.name < $1.name })
        return generation
    }

    /// The rules generation in force.
    public var generationNumber: Int { engine.generation.number }

    // MARK: Execution

    /// What the inputs of one step decided, saved and queued together by ``commit(_:)``.
    struct StepWork {
        /// Bitrix24 commands, in the order the rules made them.
        var commands: [DeliveryCommand] = []
        /// The calls the step may have changed.
        var touched: Set<String> = []
    }

    /// One input's entries executed and committed: ``stage(_:released:landing:into:)``, then ``commit(_:)``.
    func run(_ entries: [TimelineEntry], released: [IntentGate.Ready] = [], landing: String? = nil) async {
        var work = StepWork()
        stage(entries, released: released, landing: landing, into: &work)
        await commit(work)
    }

    /// Executes what `entries` (and the intents a landing `released`) decided: AMI actions are handed out, FastAGI
    /// answers applied, Bitrix24 commands and the calls touched collected in `work` for ``commit(_:)``.
    func stage(
        _ entries: [TimelineEntry],
        released: [IntentGate.Ready] = [],
        landing: String? = nil,
        into work: inout StepWork
    ) {
        noteChannelsForAGI()
        if let landing { work.touched.insert(landing) }
        for ready in released { execute(ready, into: &work.commands) }
        if let landing { retryWaitingAGI(landing, into: &work.commands) }
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
            if let callID = entry.callID { work.touched.insert(callID) }
            for intent in entry.intents {
                // An answer to the dialplan waits apart: it never holds the call's Bitrix24 work, nor waits behind it.
                if intent.kind.answersAGI {
                    submitAGI(intent, into: &work.commands)
                    continue
                }
                switch gate.submit(intent, now: clock.now) {
                case .run(let ready): execute(ready, into: &work.commands)
                case .waits(let reference): logWaiting(intent, for: "\(reference)")
                case .queued: logWaiting(intent, for: "an earlier action of the call")
                }
            }
        }
    }

    /// Saves the calls a step touched, then queues its commands in the outbox, then ends the calls whose Originate
    /// was refused meanwhile.
    func commit(_ work: StepWork) async {
        // The calls' state first, then their commands: killed in between, a restart finds the call (and hides and
        // finishes it; commands that never reached the outbox are not missed) — never a card in the outbox for a
        // call it does not know.
        await persist(work.touched)
        // The recordings' handover must precede the finishes it binds to, not the cards: the commands before the
        // step's first finish go first, so a card never waits for the recordings actor and its write.
        let commands = work.commands
        let split =
            recordingWork.isEmpty ? commands.endIndex : commands.firstIndex { $0.kind == .finish } ?? commands.endIndex
        await deliver(Array(commands[..<split]))
        await handOverRecordings()
        await deliver(Array(commands[split...]))
        activeCalls.record(engine.model.calls.count)
        if gate.nextDeadline != signalledDeadline {
            signalledDeadline = gate.nextDeadline
            heldWake.signal()
        }
        if !undialled.isEmpty {
            let failed = undialled
            undialled.removeAll()
            for call in failed { await endWithoutChannelInStep(call.callID, cause: call.cause) }
        }
    }

    func logWaiting(_ intent: ActionIntent, for reference: String) {
        logger.debug(
            "action waits for a result",
            metadata: [
                "rule": "\(intent.ruleID)", "action": "\(intent.action)", "call": "\(intent.callID ?? "-")",
                "waits_for": "\(reference)",
            ]
        )
    }

    /// Executes one intent whose arguments are resolved.
    func execute(_ ready: IntentGate.Ready, into commands: inout [DeliveryCommand]) {
        let intent = ready.intent
        let callID = intent.callID ?? ""
        guard admitted(intent) else {
            if intent.kind == .originate { noteUndialled(intent) }
            return
        }
        sequence += 1
        let planned: PlannedAction
        do {
            planned = try IntentTranslator.plan(
                intent,
                arguments: ready.arguments,
                callReference: ready.callReference,
                token: "\(runToken)-\(sequence)"
            )
        } catch {
            if case .unsafeAMIValue = error {
                SwitchboardMetrics.actionsRefused(reason: "unsafe_ami_value").increment()
            }
            fail(intent, error.description)
            if intent.kind == .originate { noteUndialled(intent) }
            return
        }
        trace(intent, arguments: ready.arguments, planned: planned)
        // Built when a line is logged, not for every action.
        var metadata: Logger.Metadata {
            ["rule": "\(intent.ruleID)", "call": "\(callID)", "action": "\(intent.action)", "on": "\(intent.trigger)"]
        }
        switch planned {
        case .deliver(let command):
            guard scheduler != nil else {
                fail(intent, ExecutionError.unavailable(action: intent.action, part: "a Bitrix24 portal").description)
                return
            }
            let metadata = metadata.merging(["step": "\(command.step)"]) { $1 }
            if command.kind == .finish { noteFinish(command) }
            if sendThroughLookupLane(intent, command) {
                logger.info("CRM lookup sent ahead of the outbox", metadata: metadata)
            } else {
                logger.info("action queued for Bitrix24", metadata: metadata)
                commands.append(command)
            }
        case .record(let request):
            guard recordings != nil else {
                fail(intent, "recordings are off (engine.yaml has no `recordings:` section)")
                SwitchboardMetrics.recordings(result: RecordingResult.disabled.rawValue).increment()
                return
            }
            queueRecording(request)
        case .ami(let action):
            sendAMI(intent, metadata: metadata) { sender in
                _ = try await sender.send(action, timeout: nil)
                return nil
            }
        case .originate(let planned):
            sendOriginate(intent, planned, metadata: metadata)
        case .log(let level, let message):
            logger.log(level: level, "\(message)", metadata: metadata)
        case .applied:
            logger.debug("call value stored", metadata: metadata)
        case .answerAGI(let step):
            answerAGI(step, metadata: metadata, callID: intent.callID)
        }
        SwitchboardMetrics.actions(action: intent.action, result: .ok).increment()
    }

    /// Asks the runaway guard; a refused intent is dropped (not failed: a `call.result` for it would feed the storm).
    func admitted(_ intent: ActionIntent) -> Bool {
        // Built only for a refusal: this runs for every action.
        var metadata: Logger.Metadata {
            ["rule": "\(intent.ruleID)", "call": "\(intent.callID ?? "-")", "action": "\(intent.action)"]
        }
        switch runaway.admit(intent.kind, callID: intent.callID, at: Date()) {
        case .allowed:
            return true
        case .overCallBudget(let limit, let firstTime):
            if firstTime {
                logger.error(
                    "runaway rules: the call spent its budget of actions; its further actions are refused",
                    metadata: metadata.merging(["limit": "\(limit)"]) { $1 }
                )
            }
            SwitchboardMetrics.actionsRefused(reason: "call_budget").increment()
        case .amiRateLimited:
            logger.warning("runaway rules: AMI actions over the rate limit; action refused", metadata: metadata)
            SwitchboardMetrics.actionsRefused(reason: "ami_rate").increment()
        }
        trace(intent, failure: "refused by the runaway guard")
        return false
    }

    func fail(_ intent: ActionIntent, _ reason: String) {
        trace(intent, failure: reason)
        logger.error(
            "action failed",
            metadata: [
                "rule": "\(intent.ruleID)", "call": "\(intent.callID ?? "-")", "action": "\(intent.action)",
                "error": "\(reason)",
            ]
        )
        SwitchboardMetrics.actions(action: intent.action, result: .failed).increment()
    }

    /// Hands an AMI action to whoever runs the pipeline (``amiActions``).
    func sendAMI(
        _ intent: ActionIntent,
        metadata: Logger.Metadata,
        _ operation: @escaping @Sendable (any AMIActionSending) async throws -> Value?
    ) {
        guard ami != nil else {
            fail(intent, ExecutionError.unavailable(action: intent.action, part: "the AMI connection").description)
            if intent.kind == .originate { noteUndialled(intent) }
            return
        }
        amiSink.yield(AMIWork(intent: intent, metadata: metadata, operation: operation))
    }

    /// Sends one AMI action and lands its result (or its failure) under the intent's `as:` name. Cancelled (the
    /// service stopping), it lands nothing.
    public nonisolated func perform(_ work: AMIWork) async {
        guard let ami else { return }
        let intent = work.intent
        logger.info("action sent to Asterisk", metadata: work.metadata)
        let value: Value?
        let failure: String?
        do {
            value = try await work.operation(ami) ?? .map([:])
            failure = nil
        } catch {
            logAMIFailure(intent, error)
            value = nil
            failure = "\(error)"
        }
        guard !Task.isCancelled, let binding = intent.binding, let callID = intent.callID else { return }
        await land(binding, action: intent.action, value: value, error: failure, in: callID)
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

    func persist(_ callIDs: Set<String>) async {
        var ended: [String] = []
        var changed: [(call: SavedCall, fingerprint: SavedCall.Fingerprint)] = []
        for callID in callIDs {
            if let call = engine.model.calls[callID] {
                let saved = call.saved
                let fingerprint = saved.fingerprint
                if lastSaved[callID] != fingerprint { changed.append((saved, fingerprint)) }
            } else {
                ended.append(callID)
            }
        }
        for callID in ended { gate.callEnded(callID) }
        if finishSteps.count > 2 * gate.endedCallsKept {
            // Ended calls' finish steps (a late `b24.attach_record` still finds its finish), bounded.
            finishSteps = finishSteps.filter { engine.model.calls[$0.key] != nil }
        }
        guard let persistence, !(changed.isEmpty && ended.isEmpty) else { return }
        let forgotten = ended.filter { lastSaved[$0] != nil }
        do {
            if !changed.isEmpty { try await persistence.save(changed.map(\.call), at: Date()) }
            if !forgotten.isEmpty { try await persistence.remove(forgotten) }
            for (call, fingerprint) in changed { lastSaved[call.id] = fingerprint }
            for callID in forgotten { lastSaved[callID] = nil }
            storageProblem = nil
        } catch {
            storageProblem = "\(error)"
            logger.error("call state not saved", metadata: ["error": "\(error)"])
            SwitchboardMetrics.storageErrors().increment()
        }
    }
}
