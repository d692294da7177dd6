public import Actions
public import Adapters
import Foundation
public import Logging
import Metrics
public import ServiceLifecycle

/// Runs the portal's scheduler and lands every settled command back in the pipeline; runs the pipeline's AMI actions
/// and the expiry of intents that waited too long for a result — all as children of one task group. On graceful
/// shutdown it drains what it can within `drainTimeout`; whatever is left stays in the outbox for the next start.
public struct DeliveryService: Service {
    let scheduler: PortalScheduler
    /// The client of the health probes, with a short timeout: a portal that does not answer within it counts as
    /// failing.
    let probeClient: Bitrix24Client
    let pipeline: CallPipeline
    let health: HealthRegistry
    /// How often the portal is probed (`scope`) while nothing is being sent, so health knows it is there.
    let probeInterval: Duration
    let drainTimeout: Duration
    let logger: Logger

    /// Creates the service.
    public init(
        scheduler: PortalScheduler,
        probeClient: Bitrix24Client,
        pipeline: CallPipeline,
        health: HealthRegistry,
        probeInterval: Duration,
        drainTimeout: Duration,
        logger: Logger
    ) {
        self.scheduler = scheduler
        self.probeClient = probeClient
        self.pipeline = pipeline
        self.health = health
        self.probeInterval = probeInterval
        self.drainTimeout = drainTimeout
        self.logger = logger
    }

    public func run() async throws {
        let depth = SwitchboardMetrics.outbox()
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await scheduler.run() }
            group.addTask {
                for await outcomes in scheduler.outcomes {
                    await pipeline.land(outcomes)
                    depth.record(await scheduler.pendingCount)
                    await reportHealth()
                }
            }
            group.addTask { await pipeline.expireHeldIntents() }
            group.addTask {
                // The rules' AMI actions, each in a task of this group: none outlives the service.
                await withDiscardingTaskGroup { sends in
                    for await work in pipeline.amiActions { sends.addTask { await pipeline.perform(work) } }
                }
            }
            group.addTask { await watch(depth: depth) }
            try? await gracefulShutdown()
            await drain()
            group.cancelAll()
        }
        let left = await scheduler.pendingCount
        logger.notice("delivery stopped", metadata: ["pending_in_outbox": "\(left)"])
    }

    /// Every `probeInterval`: the outbox depth and age, the portal's health (probed while idle) and the storage's.
    private func watch(depth: Gauge) async {
        let oldest = SwitchboardMetrics.outboxOldest()
        while !Task.isCancelled {
            depth.record(await scheduler.pendingCount)
            let since = try? await scheduler.outbox.oldestPending()
            oldest.record(since.flatMap { $0 }.map { max(0, Date().timeIntervalSince($0)) } ?? 0)
            if await scheduler.pendingCount == 0 { await probe() } else { await reportHealth() }
            if let problem = await scheduler.storageProblem {
                health.markUnhealthy(HealthComponent.storage, detail: problem)
            } else if let problem = await pipeline.storageProblem {
                health.markUnhealthy(HealthComponent.storage, detail: "call state not saved: \(problem)")
            } else {
                health.markHealthy(HealthComponent.storage, detail: "ok")
            }
            do { try await Task.sleep(for: probeInterval) } catch { return }
        }
    }

    /// Delivers what it can within `drainTimeout`; gives up at once while the portal is paused (it refused us or is
    /// down: waiting would only delay the exit). What is left stays in the outbox.
    private func drain() async {
        let deadline = ContinuousClock.now + drainTimeout
        while ContinuousClock.now < deadline, await scheduler.pendingCount > 0, await !scheduler.isPortalPaused {
            do { try await Task.sleep(for: .milliseconds(20)) } catch { return }
        }
    }

    /// A cheap call (`scope`) while idle, so the portal's health is known even when no call is in progress.
    private func probe() async {
        do {
            _ = try await probeClient.call("scope")
            health.markHealthy(HealthComponent.portal, detail: "ok")
        } catch {
            health.markUnhealthy(HealthComponent.portal, detail: "probe failed: \(error)")
            logger.debug("portal probe failed", metadata: ["error": "\(error)"])
        }
    }

    private func reportHealth() async {
        if await scheduler.isPortalPaused {
            health.markUnhealthy(HealthComponent.portal, detail: "the portal refused or did not answer; paused")
        } else if await scheduler.consecutiveFailures > 0 {
            health.markUnhealthy(HealthComponent.portal, detail: "requests are failing")
        } else {
            health.markHealthy(HealthComponent.portal, detail: "ok")
        }
    }
}
