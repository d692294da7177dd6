public import Adapters
import Foundation
public import Logging
import Metrics

/// Delivers a portal's outbox: one request at a time through a client-side leaky bucket, batching
/// whatever queued up meanwhile, per-call FIFO, retries with back-off and jitter, per-method back-off,
/// portal pause, dead letters.
///
/// ```swift
/// let outbox = try Outbox(path: "/var/lib/switchboard/outbox.sqlite")
/// let scheduler = PortalScheduler(outbox: outbox, client: client)
/// try await scheduler.start()                 // resumes whatever a previous run left
/// try await scheduler.enqueue([.register(callKey: "1773130779.1234", params: [...]), ...])
/// ```
///
/// Ordering: the commands of one call are sent one after the other, each only after the previous one was
/// acknowledged — except a register and a show/hide right behind it, which travel in the same batch with
/// `CALL_ID` = `$result[key][CALL_ID]` (when the register fails, that command had no effect and stays queued).
/// An attachRecord always goes in a request of its own. Different calls share batches.
public actor PortalScheduler {
    /// The durable queue.
    public nonisolated let outbox: Outbox
    let client: Bitrix24Client
    let configuration: DeliveryConfiguration
    let clock: any DeliveryClock
    let logger: Logger

    var bucket: LeakyBucket
    /// Pending commands per call, in enqueue order.
    var queues: [String: [OutboxEntry]] = [:]
    /// Results of acknowledged steps of calls with pending commands.
    var results: [String: [String: Bitrix24Value]] = [:]
    /// The same for calls whose queue emptied lately, newest last (bounded): the next command of such a call (a
    /// card for the next ringing phone) finds its CALL_ID here instead of reading the outbox inside ``enqueue(_:)``.
    var idleResults: [String: [String: Bitrix24Value]] = [:]
    var idleOrder: [String] = []
    static let idleResultsLimit = 4096
    var pausedUntil: Date?
    /// Requests in a row refused for rate or not delivered at all (connection refused).
    var consecutivePortalFailures = 0
    var methodBlockedUntil: [String: Date] = [:]
    var stats = DeliveryStatistics()
    /// Every command once settled (acknowledged or given up), in the order they settle. One consumer.
    public nonisolated let outcomes: AsyncStream<DeliveryOutcome>
    let outcomeSink: AsyncStream<DeliveryOutcome>.Continuation
    private var loop: Task<Void, Never>?
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    let wake = WakeSignal()

    let requestCounter = SwitchboardMetrics.bitrix24Requests()
    let rateLimitedCounter = SwitchboardMetrics.bitrix24RateLimited()
    let deadLetterCounter = SwitchboardMetrics.outboxDeadLetters()
    let requestTimer = SwitchboardMetrics.bitrix24RequestDuration()

    /// A scheduler for the portal `client` talks to.
    public init(
        outbox: Outbox,
        client: Bitrix24Client,
        configuration: DeliveryConfiguration = .init(),
        clock: any DeliveryClock = SystemDeliveryClock(),
        logger: Logger = Logger(label: "switchboard.delivery")
    ) {
        self.outbox = outbox
        self.client = client
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.bucket = LeakyBucket(
            capacity: configuration.rateLimit.burst,
            drainPerSecond: configuration.rateLimit.perSecond
        )
        (outcomes, outcomeSink) = AsyncStream.makeStream(of: DeliveryOutcome.self)
    }

    // MARK: Lifecycle

    /// Loads what the outbox holds (a restart resumes where the last run stopped) and starts delivering.
    public func start() throws(OutboxError) {
        guard loop == nil else { return }
        let pending = try outbox.pending()
        queues = [:]
        for entry in pending { queues[entry.command.callKey, default: []].append(entry) }
        results = try outbox.deliveredResults(for: Set(queues.keys))
        if !pending.isEmpty {
            logger.info("outbox resumed", metadata: ["pending": "\(pending.count)", "calls": "\(queues.count)"])
        }
        loop = Task { await self.run() }
    }

    /// Stops delivering; pending commands stay in the outbox for the next start.
    public func stop() async {
        let task = loop
        loop = nil
        task?.cancel()
        await task?.value
        resumeIdleWaiters()
    }

    // MARK: Work

    /// Writes `commands` to the outbox (durably, before anything is sent) and schedules them.
    /// Steps already pending, delivered or dead are skipped, so enqueueing again is harmless.
    /// - Returns: how many were added.
    /// - Throws: ``DeliveryCommandError`` or ``OutboxError``; nothing is added then.
    @discardableResult
    public func enqueue(_ commands: [DeliveryCommand]) throws -> Int {
        let added = try outbox.enqueue(commands, at: clock.now)
        var newCalls = Set(added.map(\.command.callKey)).subtracting(queues.keys)
        for call in newCalls {
            guard let steps = idleResults.removeValue(forKey: call) else { continue }
            results[call] = steps
            newCalls.remove(call)
        }
        if !newCalls.isEmpty {
            for (call, steps) in try outbox.deliveredResults(for: newCalls) { results[call] = steps }
        }
        for entry in added { queues[entry.command.callKey, default: []].append(entry) }
        if !added.isEmpty { wake.signal() }
        return added.count
    }

    /// Counters since start.
    public var statistics: DeliveryStatistics { stats }

    /// Commands not yet acknowledged (nor given up).
    public var pendingCount: Int { queues.values.reduce(0) { $0 + $1.count } }

    /// Requests in a row that the portal refused for rate or that did not reach it (0 once one gets through).
    public var consecutiveFailures: Int { consecutivePortalFailures }

    /// Whether the portal is paused (it refused us as a whole, or is unavailable) at this moment.
    public var isPortalPaused: Bool { pausedUntil.map { $0 > clock.now } ?? false }

    /// Returns once nothing is pending (or the scheduler stopped).
    public func waitUntilIdle() async {
        guard pendingCount > 0, loop != nil else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    func resumeIdleWaiters() {
        let waiters = idleWaiters
        idleWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    // MARK: The loop

    private func run() async {
        while !Task.isCancelled {
            let now = clock.now
            if let until = pausedUntil, until > now {
                await wake.wait(until: until, clock: clock)
                continue
            }
            pausedUntil = nil
            let plan = makePlan(at: now)
            guard let request = plan.request else {
                if pendingCount == 0 { resumeIdleWaiters() }
                await wake.wait(until: plan.nextDeadline, clock: clock)
                continue
            }
            let admission = bucket.nextAdmission(after: now)
            if admission > now {
                // Out of tokens: wait, then plan again — what queues meanwhile goes out together.
                try? await clock.sleep(until: admission)
                continue
            }
            let started = ContinuousClock.now
            await send(request)
            let elapsed = (ContinuousClock.now - started).components
            requestTimer.recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
            bucket.add(at: clock.now)
            if pendingCount == 0 { resumeIdleWaiters() }
        }
    }
}
