public import Actions
public import Adapters
public import Logging

/// The commands of synthetic calls (``SyntheticCalls``) delivered to a portal through a scheduler over a durable
/// outbox: what `engine deliver` and `engine bench b24` both run.
public struct SyntheticDelivery: Sendable {
    /// What a delivery came to.
    public struct Report: Sendable {
        /// Commands added to the outbox (steps already there are not added again).
        public var enqueued: Int
        /// The scheduler's counters.
        public var statistics: DeliveryStatistics
        /// Commands given up on.
        public var deadLetters: Int
    }

    /// The outbox file.
    public let outbox: Outbox
    /// The scheduler delivering it.
    public let scheduler: PortalScheduler

    /// Opens the outbox at `path` (created if missing) and a scheduler over it (it runs while ``deliver`` does).
    public static func start(
        outboxPath path: String,
        client: Bitrix24Client,
        configuration: DeliveryConfiguration,
        logger: Logger
    ) async throws -> SyntheticDelivery {
        let outbox = try Outbox(path: path)
        let scheduler = PortalScheduler(outbox: outbox, client: client, configuration: configuration, logger: logger)
        return SyntheticDelivery(outbox: outbox, scheduler: scheduler)
    }

    /// Enqueues the commands of calls `0..<calls` rung to `operators`, waits until each is acknowledged or given up,
    /// with the scheduler running. `enqueued` is called once everything is in the outbox, before the wait.
    public func deliver(
        calls: Int,
        operators: [Int],
        script: SyntheticCalls.Script,
        enqueued: (_ added: Int, _ pending: Int) async -> Void = { _, _ in }
    ) async throws -> Report {
        let (added, statistics) = try await scheduler.withRunning {
            var added = 0
            for index in 0..<calls {
                added += try await scheduler.enqueue(
                    SyntheticCalls.commands(index: index, operators: operators, script: script)
                )
            }
            await enqueued(added, await scheduler.pendingCount)
            await scheduler.waitUntilIdle()
            return (added, await scheduler.statistics)
        }
        return Report(enqueued: added, statistics: statistics, deadLetters: try await outbox.deadLetters().count)
    }
}
