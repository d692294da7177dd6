public import Adapters
public import Foundation

/// A portal's delivery decisions as a pure state machine (the swift-nio protocol-state-machine style): one
/// `mutating func` per input, each returning the ``DeliveryAction``s its driver (``PortalScheduler``) performs.
/// Time comes in as `now` and randomness from an injected generator; it touches no file, socket or clock.
///
/// Inputs: the outbox as the last run left it (``restored(pending:results:now:)``), commands written to it
/// (``queued(_:results:now:)``), a request answered or failed, a write done or failed, time passed (``tick(now:)``),
/// the portal paused or resumed by hand. It decides the pacing (the client-side ``LeakyBucket``), which commands go
/// together in which request, retries with back-off and jitter, method back-off, portal pauses and dead letters.
///
/// Durability: every outcome becomes a ``DeliveryAction/write(_:)`` first (always an input's last action) and takes
/// effect — results landed, commands removed, dependants released — only when the driver reports it
/// ``written(_:now:)``. A write that fails leaves the commands pending (sent again later: at-least-once).
public struct DeliveryStateMachine {
    /// Whether requests may go out.
    public enum State: Sendable, Equatable {
        /// Not started: the outbox has not been read; commands queued now are picked up by ``restored``.
        case idle
        /// Sending as the bucket allows. `failures`: requests in a row refused for rate or not delivered at all.
        case delivering(failures: Int)
        /// Rate-limited (503) or unreachable: nothing is sent before `until`.
        case backingOff(until: Date, failures: Int)
        /// The portal refused us as a whole (401, 403, overload, deleted): nothing is sent before `until`.
        case paused(until: Date, reason: String, failures: Int)
    }

    /// Where the portal stands.
    public internal(set) var state: State = .idle
    /// Pacing, batching and retry settings.
    public let configuration: DeliveryConfiguration
    /// Counters since the machine was made.
    public internal(set) var statistics = DeliveryStatistics()

    var jitter: DeliveryJitter
    var bucket: LeakyBucket
    /// Pending commands per call.
    var calls: [String: DeliveryCallQueue] = [:]
    /// Calls in the order their commands first came (oldest first; keys of calls gone are skipped, then compacted).
    var callOrder: [String] = []
    var ordered: Set<String> = []
    /// Commands pending over all calls.
    public internal(set) var pendingCount = 0
    /// Requests sent and not answered yet.
    var inFlight: [Int: DeliveryRequest] = [:]
    /// Writes handed to the driver and not reported yet.
    var pendingWrites: [Int: [OutboxChange]] = [:]
    /// Urgent requests waiting for a place in the bucket, in the order they asked.
    var urgentWaiting: [Int] = []
    /// Urgent requests granted a place and not finished.
    var urgentGranted: Set<Int> = []
    /// Methods blocked by 429 `OPERATION_TIME_LIMIT`, until when.
    var methodBlockedUntil: [String: Date] = [:]
    var lastRequestID = 0
    var lastWriteID = 0
    /// Commands the outbox could not take yet (kept across ``stopped()``: they were never written).
    var held = HeldCommands()
    /// Outcomes the outbox could not record yet, written again after a back-off (the portal is not asked again).
    var unwritten = UnwrittenOutcomes()
    /// The earliest moment a waiting `show` passes its maximum age (nil: none waits).
    var nextCardExpiry: Date?
    /// Why the outbox cannot be written, while it cannot (for health); nil once a write succeeds with nothing
    /// held or waiting to be recorded.
    public internal(set) var storageProblem: String?

    /// A machine with `configuration`, drawing its jitter from `random`.
    public init(configuration: DeliveryConfiguration = .init(), random: some RandomNumberGenerator) {
        self.configuration = configuration
        self.jitter = DeliveryJitter(random)
        self.bucket = LeakyBucket(
            capacity: configuration.rateLimit.burst,
            drainPerSecond: configuration.rateLimit.perSecond
        )
    }

    // MARK: Queries

    /// Requests sent and not answered.
    public var requestsInFlight: Int { inFlight.count }

    /// Requests in a row refused for rate or not delivered (0 once one gets through).
    public var consecutiveFailures: Int {
        switch state {
        case .idle: 0
        case .delivering(let failures), .backingOff(_, let failures), .paused(_, _, let failures): failures
        }
    }

    /// Whether nothing may be sent at `now` because the portal refused us, limits us or is unreachable.
    public func isPortalHeld(at now: Date) -> Bool {
        switch state {
        case .backingOff(let until, _), .paused(let until, _, _): until > now
        case .idle, .delivering: false
        }
    }

    // MARK: Inputs

    /// The outbox as the last run left it: `pending` in enqueue order, `results` the delivered steps of their calls.
    /// Starts delivering (whatever the machine held before is forgotten, statistics and bucket aside).
    public mutating func restored(
        pending: [OutboxEntry],
        results: [String: [String: Bitrix24Value]],
        now: Date
    ) -> [DeliveryAction] {
        stopped()
        state = .delivering(failures: 0)
        for entry in pending { track(entry) }
        for (call, steps) in results where calls[call] != nil { calls[call]?.results = steps }
        var actions: [DeliveryAction] = []
        if !pending.isEmpty { actions.append(.notice(.resumed(pending: pending.count, calls: calls.count))) }
        plan(now: now, into: &actions)
        return actions
    }

    /// Commands just written to the outbox (in enqueue order). `results`: the stored results of steps they read that
    /// were already acknowledged (read in the same transaction). Ignored before ``restored``, which reads them.
    public mutating func queued(
        _ entries: [OutboxEntry],
        results: [String: [String: Bitrix24Value]],
        now: Date
    ) -> [DeliveryAction] {
        storageRecovered()
        guard state != .idle else { return [] }
        for entry in entries {
            track(entry)
            let call = entry.command.callKey
            for (step, result) in results[call] ?? [:] where calls[call]?.results[step] == nil {
                calls[call]?.results[step] = result
            }
        }
        var actions: [DeliveryAction] = []
        plan(now: now, into: &actions)
        return actions
    }

    /// The driver stopped: what the machine held is forgotten (the outbox keeps it for the next ``restored``);
    /// statistics and the bucket stay.
    public mutating func stopped() {
        state = .idle
        calls = [:]
        callOrder = []
        ordered = []
        pendingCount = 0
        inFlight = [:]
        pendingWrites = [:]
        unwritten = UnwrittenOutcomes()
        methodBlockedUntil = [:]
        nextCardExpiry = nil
    }

    /// Adds a pending command (once).
    mutating func track(_ entry: OutboxEntry) {
        let call = entry.command.callKey
        if calls[call] == nil {
            calls[call] = DeliveryCallQueue()
            if ordered.insert(call).inserted { callOrder.append(call) }
        }
        guard calls[call]?.index(of: entry.id) == nil else { return }
        calls[call]?.entries.append(.init(entry: entry, phase: .waiting))
        pendingCount += 1
        noteExpiry(of: entry)
    }

    /// Forgets the calls with nothing pending (their results too) and, now and then, their places in the order. With
    /// nothing pending at all, the tables start afresh: a table keeps the size a burst grew it to until replaced.
    mutating func dropSettledCalls(_ keys: some Sequence<String>) {
        for call in keys where calls[call]?.entries.isEmpty == true { calls[call] = nil }
        if calls.isEmpty, !callOrder.isEmpty {
            calls = [:]
            callOrder = []
            ordered = []
        } else if callOrder.count > 64, callOrder.count > 2 * calls.count {
            callOrder.removeAll { calls[$0] == nil }
            ordered = Set(callOrder)
        }
    }

    /// Time passed: whatever waited for `now` may go.
    public mutating func tick(now: Date) -> [DeliveryAction] {
        methodBlockedUntil = methodBlockedUntil.filter { $0.value > now }
        var actions: [DeliveryAction] = []
        plan(now: now, into: &actions)
        return actions
    }

    /// Pauses the portal as a whole for the configured ``DeliveryConfiguration/portalPause`` (as a 401 would).
    public mutating func pausePortal(reason: String, now: Date) -> [DeliveryAction] {
        var actions: [DeliveryAction] = []
        pause(reason: reason, now: now, into: &actions)
        plan(now: now, into: &actions)
        return actions
    }

    /// Ends a pause or back-off at once (an operator, or a probe that got through).
    public mutating func resumePortal(now: Date) -> [DeliveryAction] {
        switch state {
        case .backingOff(_, let failures), .paused(_, _, let failures): state = .delivering(failures: failures)
        case .idle, .delivering: break
        }
        var actions: [DeliveryAction] = []
        plan(now: now, into: &actions)
        return actions
    }

    // MARK: Portal state

    var failures: Int {
        get { consecutiveFailures }
        set {
            switch state {
            case .idle: break
            case .delivering: state = .delivering(failures: newValue)
            case .backingOff(let until, _): state = .backingOff(until: until, failures: newValue)
            case .paused(let until, let reason, _): state = .paused(until: until, reason: reason, failures: newValue)
            }
        }
    }

    /// The portal refuses us as a whole: leave it alone for a while, and say so once.
    mutating func pause(reason: String, now: Date, into actions: inout [DeliveryAction]) {
        var until = now.addingTimeInterval(configuration.portalPause.seconds)
        switch state {
        case .paused(let current, _, _) where current >= now:
            return
        case .backingOff(let current, _) where current > until:
            until = current
        default:
            break
        }
        state = .paused(until: until, reason: reason, failures: failures)
        statistics.portalPauses += 1
        actions.append(.notice(.portalPaused(reason: reason, until: until)))
    }

    /// Leaves the portal alone for a growing, jittered while after consecutive "unavailable" answers.
    mutating func backOff(_ error: Bitrix24Error, now: Date, into actions: inout [DeliveryAction]) {
        let count = failures + 1
        let delay = configuration.backoff(afterAttempts: count, random: jitter.next())
        var until = now.addingTimeInterval(delay)
        switch state {
        case .paused(let current, let reason, _) where current > until:
            state = .paused(until: current, reason: reason, failures: count)
        case .backingOff(let current, _) where current > until:
            until = current
            state = .backingOff(until: until, failures: count)
        default:
            state = .backingOff(until: until, failures: count)
        }
        actions.append(.notice(.portalUnavailable(error: error.description, seconds: delay, consecutive: count)))
    }
}
