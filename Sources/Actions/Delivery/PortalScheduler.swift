public import Adapters
import Foundation
public import Logging
import Metrics

/// The driver of a portal's ``DeliveryStateMachine``: it feeds the machine its inputs (commands enqueued, answers,
/// time) and performs what the machine decides — HTTP through ``Bitrix24Client``, SQLite through ``Outbox``, timers
/// on a ``DeliveryClock``. The decisions themselves (pacing, batching, order, retries, pauses, dead letters) are the
/// machine's.
///
/// ```swift
/// let outbox = try Outbox(path: "/var/lib/switchboard/outbox.sqlite")
/// let scheduler = PortalScheduler(outbox: outbox, client: client)
/// try await scheduler.withRunning {                 // or `run()` in a service's task group
///     try await scheduler.enqueue([.register(callKey: "1773130779.1234", params: [...]), ...])
///     await scheduler.waitUntilIdle()
/// }
/// ```
///
/// One input at a time: each is applied to the machine and its writes are made before the next input is taken, so
/// the machine and the outbox never disagree. Requests run as child tasks of ``run()``; a request cut short by
/// cancellation records nothing (its rows stay marked in flight, so the next run treats them as possibly landed).
public actor PortalScheduler {
    /// The durable queue.
    public nonisolated let outbox: Outbox
    /// Pacing, batching and retry settings.
    public nonisolated let configuration: DeliveryConfiguration
    let client: Bitrix24Client
    /// How commands that go alone (attachRecord) are sent, when not as one plain call.
    let soloSender: (any SoloCommandSending)?
    let clock: any DeliveryClock
    let logger: Logger

    var machine: DeliveryStateMachine
    /// Every command once settled (acknowledged or given up), in the order they settle; those one portal answer (or
    /// one write) settled come together, so that the pipeline lands them in one step. One consumer.
    public nonisolated let outcomes: AsyncStream<[DeliveryOutcome]>
    let outcomeSink: AsyncStream<[DeliveryOutcome]>.Continuation

    var running = false
    var started = false
    var requestSink: AsyncStream<DeliveryRequest>.Continuation?
    var deadline: Date?
    let wake = WakeSignal()
    let gate = SerialGate()
    let urgentWaiters = UrgentWaiters()
    var lastUrgentID = 0
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
    var startWaiters: [CheckedContinuation<Void, Never>] = []

    let requestCounter = SwitchboardMetrics.bitrix24Requests()
    let rateLimitedCounter = SwitchboardMetrics.bitrix24RateLimited()
    let deadLetterCounter = SwitchboardMetrics.outboxDeadLetters()
    let storageErrorCounter = SwitchboardMetrics.storageErrors()
    let quarantinedCounter = SwitchboardMetrics.outboxQuarantined()
    let expiredCounter = SwitchboardMetrics.outboxExpired()
    let requestTimer = SwitchboardMetrics.bitrix24RequestDuration()
    let depthGauge = SwitchboardMetrics.outbox()
    let highWaterAlerts = SwitchboardMetrics.outboxHighWaterAlerts()
    /// The depth against ``DeliveryConfiguration/depthHighWater``.
    var highWater: OutboxHighWater

    /// A scheduler for the portal `client` talks to; `random` draws the back-off jitter; `soloSender`, when given,
    /// sends the commands that go alone (attachRecord) its own way.
    public init(
        outbox: Outbox,
        client: Bitrix24Client,
        configuration: DeliveryConfiguration = .init(),
        soloSender: (any SoloCommandSending)? = nil,
        clock: any DeliveryClock = SystemDeliveryClock(),
        random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        logger: Logger = Logger(label: "switchboard.delivery")
    ) {
        self.outbox = outbox
        self.client = client
        self.soloSender = soloSender
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.machine = DeliveryStateMachine(configuration: configuration, random: random)
        self.highWater = OutboxHighWater(mark: configuration.depthHighWater)
        SwitchboardMetrics.outboxHighWaterMark().record(configuration.depthHighWater)
        (outcomes, outcomeSink) = AsyncStream.makeStream(of: [DeliveryOutcome].self)
    }

    // MARK: Running

    /// Loads what the outbox holds (a restart resumes where the last run stopped) and delivers until cancelled.
    /// Pending commands stay in the outbox for the next run.
    /// - Throws: ``OutboxError`` when the outbox cannot be read at the start.
    public func run() async throws(OutboxError) {
        guard !running else { return }
        running = true
        let (requests, sink) = AsyncStream.makeStream(of: DeliveryRequest.self)
        requestSink = sink
        await gate.enter()
        do {
            let loaded = try await outbox.load()
            for (rowID, reason) in loaded.quarantined {
                quarantinedCounter.increment()
                logger.error(
                    "an outbox row could not be read; moved to the quarantine table",
                    metadata: ["row": "\(rowID.map(String.init) ?? "?")", "error": "\(reason)"]
                )
            }
            let pending = loaded.entries
            let results = try await outbox.deliveredResults(for: Set(pending.map(\.command.callKey)))
            await perform(machine.restored(pending: pending, results: results, now: clock.now))
            gate.leave()
        } catch {
            gate.leave()
            finishRun()
            throw error
        }
        started = true
        resume(&startWaiters)
        await withDiscardingTaskGroup { group in
            group.addTask { await self.runTimer() }
            group.addTask { await self.runHousekeeping() }
            for await request in requests {
                group.addTask { await self.deliver(request) }
            }
            group.cancelAll()
        }
        finishRun()
    }

    /// Runs ``run()`` while `body` runs (the outbox loaded before `body` starts), then stops it; rethrows the error
    /// of either.
    public nonisolated func withRunning<T>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.run() }
            await waitUntilStarted()
            do {
                let value = try await body()
                group.cancelAll()
                try await group.waitForAll()  // an outbox that could not be read fails the run
                return value
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    private func finishRun() {
        requestSink?.finish()
        requestSink = nil
        machine.stopped()
        running = false
        started = false
        deadline = nil
        resume(&startWaiters)
        resume(&idleWaiters)
    }

    private func waitUntilStarted() async {
        guard !started else { return }
        await withCheckedContinuation { startWaiters.append($0) }
    }

    /// Calls ``DeliveryStateMachine/tick(now:)`` whenever the machine's deadline passes.
    private func runTimer() async {
        while !Task.isCancelled {
            await wake.wait(until: deadline, clock: clock)
            if Task.isCancelled { return }
            guard let due = deadline, clock.now >= due else { continue }
            await input { machine, now in machine.tick(now: now) }
        }
    }

    /// Housekeeping now: forgets the results of calls settled more than
    /// ``DeliveryConfiguration/deliveredRetention`` ago and dead letters older than
    /// ``DeliveryConfiguration/deadLetterRetention``; logs and counts what it removed. Nil when the outbox failed.
    @discardableResult
    public func housekeeping() async -> Outbox.Pruned? {
        let now = clock.now
        do {
            let pruned = try await outbox.prune(
                deliveredBefore: now.addingTimeInterval(-configuration.deliveredRetention.seconds),
                deadBefore: now.addingTimeInterval(-configuration.deadLetterRetention.seconds)
            )
            SwitchboardMetrics.outboxPruned(table: "delivered").increment(by: pruned.delivered)
            SwitchboardMetrics.outboxPruned(table: "dead_letters").increment(by: pruned.deadLetters)
            if pruned != Outbox.Pruned() {
                logger.info(
                    "outbox housekeeping",
                    metadata: [
                        "delivered_removed": "\(pruned.delivered)", "dead_letters_removed": "\(pruned.deadLetters)",
                    ]
                )
            }
            return pruned
        } catch {
            storageErrorCounter.increment()
            logger.error("outbox housekeeping failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Housekeeping at start and every ``DeliveryConfiguration/housekeepingInterval``.
    private func runHousekeeping() async {
        while !Task.isCancelled {
            await housekeeping()
            do { try await Task.sleep(for: configuration.housekeepingInterval) } catch { return }
        }
    }

    // MARK: Work

    /// Writes `commands` to the outbox (durably, before anything is sent) and schedules them.
    /// Steps already pending, delivered or dead are skipped, so enqueueing again is harmless.
    ///
    /// When the outbox cannot be written (disk full, database locked, I/O error) the commands are held in memory,
    /// in order, and written again with back-off (``DeliveryStateMachine/commandsNotWritten(_:reason:now:)``);
    /// commands asked for meanwhile queue behind them. ``storageProblem`` says so until nothing is held any more.
    /// - Returns: how many were added to the outbox now (0 while held).
    /// - Throws: ``DeliveryCommandError`` for a command that could never be delivered correctly; nothing is added.
    @discardableResult
    public func enqueue(_ commands: [DeliveryCommand]) async throws -> Int {
        for command in commands { try Outbox.validate(command) }
        await gate.enter()
        defer { gate.leave() }
        let toWrite = machine.commandsToWrite(commands, now: clock.now)
        guard !toWrite.isEmpty else {
            watchDepth()  // queued behind held commands: the depth grew all the same
            return 0
        }
        let (added, actions) = try await write(toWrite, asked: commands.count)
        await perform(actions)
        return added
    }

    /// Writes `commands` (held ones first, then `asked` new ones) and returns the machine's answer.
    private func write(_ commands: [DeliveryCommand], asked: Int) async throws -> (Int, [DeliveryAction]) {
        do {
            let enqueued = try await outbox.enqueue(commands, at: clock.now)
            return (
                enqueued.entries.count,
                machine.queued(enqueued.entries, results: enqueued.results, now: clock.now)
            )
        } catch let error as OutboxError {
            return (0, machine.commandsNotWritten(commands, reason: error.detail, now: clock.now))
        } catch {
            // A new command read a step that does not exist: the held ones are kept, the new ones refused.
            let held = Array(commands.dropLast(asked))
            if !held.isEmpty {
                await perform(machine.commandsNotWritten(held, reason: "\(error)", now: clock.now))
            }
            throw error
        }
    }

    /// Why the outbox cannot be written right now (commands are held in memory or outcomes wait to be recorded);
    /// nil when it works.
    public var storageProblem: String? { machine.storageProblem }

    /// Leaves the portal alone for ``DeliveryConfiguration/portalPause`` (as when it refuses us).
    public func pausePortal(reason: String) async {
        await input { machine, now in machine.pausePortal(reason: reason, now: now) }
    }

    /// Ends a pause or back-off at once.
    public func resumePortal() async {
        await input { machine, now in machine.resumePortal(now: now) }
    }

    /// Runs `operation` with the portal's client as soon as the portal's rate limit allows — ahead of every queued
    /// command, sharing the bucket, waiting out a pause or back-off like everything else — and without the outbox
    /// (nothing is written; a failure is the caller's to handle). For a lookup that decides how a call is routed.
    /// - Throws: `CancellationError` when cancelled while waiting for its place; whatever `operation` throws.
    public func urgent<T: Sendable>(_ operation: @Sendable (Bitrix24Client) async throws -> T) async throws -> T {
        lastUrgentID += 1
        let id = lastUrgentID
        await input { machine, now in machine.urgentRequested(id, now: now) }
        let granted = await withTaskCancellationHandler {
            await withCheckedContinuation { urgentWaiters.wait(id, $0) }
        } onCancel: {
            urgentWaiters.cancel(id)
        }
        guard granted else {
            await input { machine, now in machine.urgentWithdrawn(id, now: now) }
            throw CancellationError()
        }
        do {
            let value = try await operation(client)
            await input { machine, now in machine.urgentFinished(id, outcome: .answered, now: now) }
            return value
        } catch {
            let outcome: DeliveryUrgentOutcome
            switch (error as? Bitrix24Error)?.reason {
            case .portal(_, "QUERY_LIMIT_EXCEEDED", _)?:
                outcome = .rateLimited(Self.classified(error, method: "urgent"))
            case .transport(.cannotConnect)?: outcome = .notSent
            default: outcome = .answered
            }
            await input { machine, now in machine.urgentFinished(id, outcome: outcome, now: now) }
            throw error
        }
    }

    /// Counters since the scheduler was made.
    public var statistics: DeliveryStatistics { machine.statistics }

    /// Commands not yet acknowledged (nor given up), held ones included.
    public var pendingCount: Int { machine.pendingCount + machine.heldCount }

    /// Requests in a row that the portal refused for rate or that did not reach it (0 once one gets through).
    public var consecutiveFailures: Int { machine.consecutiveFailures }

    /// Whether the portal is paused (it refused us as a whole, or is unavailable) at this moment.
    public var isPortalPaused: Bool { machine.isPortalHeld(at: clock.now) }

    /// Returns once nothing is pending (or the scheduler is not running).
    public func waitUntilIdle() async {
        guard running, pendingCount > 0 else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    // MARK: Inputs and actions

    /// Applies one input to the machine and performs what it decides, alone (see the type's discussion).
    func input(_ body: (inout DeliveryStateMachine, Date) -> [DeliveryAction]) async {
        await gate.enter()
        await perform(body(&machine, clock.now))
        gate.leave()
    }

    /// Performs an input's actions; a write's outcome is the next input, until no write is left.
    func perform(_ actions: [DeliveryAction]) async {
        var actions = actions
        var writeHeld = false
        var settled: [DeliveryOutcome] = []
        defer { if !settled.isEmpty { outcomeSink.yield(settled) } }
        while true {
            var due: Date?
            var write: OutboxWrite?
            for action in actions {
                switch action {
                case .send(let request): requestSink?.yield(request)
                case .write(let next): write = next
                case .writeHeldCommands: writeHeld = true
                case .land(let outcome): settled.append(outcome)
                case .wake(let at): due = at
                case .notice(let notice): report(notice)
                case .runUrgent(let id): urgentWaiters.grant(id)
                }
            }
            if due != deadline {
                deadline = due
                wake.signal()
            }
            if let write {
                do {
                    try await outbox.apply(write.changes, at: clock.now)
                    actions = machine.written(write.id, now: clock.now)
                } catch {
                    actions = machine.writeFailed(write.id, reason: error.description, now: clock.now)
                }
            } else if writeHeld {
                writeHeld = false
                let held = machine.takeHeldCommands()
                actions = (try? await self.write(held, asked: 0).1) ?? []
            } else {
                break
            }
        }
        watchDepth()
        if pendingCount == 0 { resume(&idleWaiters) }
    }

    /// The depth after a change: the gauge, and the high-water mark's alert (an error, counted) or all-clear.
    private func watchDepth() {
        let depth = pendingCount
        depthGauge.record(depth)
        switch highWater.observe(depth: depth) {
        case .passed(let depth)?:
            highWaterAlerts.increment()
            logger.error(
                "outbox depth passed its high-water mark: commands wait for the portal (none is dropped)",
                metadata: [
                    "depth": "\(depth)", "high_water": "\(highWater.mark)",
                    "held_in_memory": "\(machine.heldCount)", "portal_paused": "\(isPortalPaused)",
                    "storage": "\(storageProblem ?? "ok")",
                ]
            )
        case .backBelow(let depth)?:
            logger.notice(
                "outbox depth back to half its high-water mark",
                metadata: ["depth": "\(depth)", "high_water": "\(highWater.mark)"]
            )
        case nil:
            break
        }
    }

    /// Whether the outbox's depth passed its high-water mark and has not yet fallen back to half of it.
    public var isAboveHighWater: Bool { highWater.isAbove }

    func answered(_ id: Int, _ outcomes: [String: DeliveryCommandOutcome], requests: Int) async {
        await input { machine, now in machine.requestAnswered(id, outcomes: outcomes, requestsMade: requests, now: now)
        }
    }

    func failed(_ id: Int, _ error: Bitrix24Error, requests: Int) async {
        await input { machine, now in machine.requestFailed(id, error: error, requestsMade: requests, now: now) }
    }

    func notSent(_ id: Int, _ reason: String) async {
        await input { machine, now in machine.requestNotSent(id, reason: reason, now: now) }
    }

    private func resume(_ waiters: inout [CheckedContinuation<Void, Never>]) {
        let all = waiters
        waiters.removeAll()
        for waiter in all { waiter.resume() }
    }
}
