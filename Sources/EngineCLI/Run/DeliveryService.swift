import Actions
import Adapters
import Logging
import Metrics
import ServiceLifecycle

/// Runs the portal's scheduler and lands every settled command back in the pipeline. On graceful shutdown it
/// drains what it can within `drainTimeout`; whatever is left stays in the outbox for the next start.
struct DeliveryService: Service {
    let scheduler: PortalScheduler
    let client: Bitrix24Client
    let pipeline: CallPipeline
    let health: HealthRegistry
    /// How often the portal is probed (`scope`) while nothing is being sent, so health knows it is there.
    let probeInterval: Duration
    let drainTimeout: Duration
    let logger: Logger

    func run() async throws {
        try await scheduler.start()
        let depth = SwitchboardMetrics.outbox()
        let landing = Task {
            for await outcome in scheduler.outcomes {
                await pipeline.land(outcome)
                depth.record(await scheduler.pendingCount)
                await reportHealth()
            }
        }
        let watch = Task {
            while !Task.isCancelled {
                depth.record(await scheduler.pendingCount)
                if await scheduler.pendingCount == 0 { await probe() } else { await reportHealth() }
                await pipeline.expireHeld(olderThan: .seconds(30))
                if let problem = await pipeline.storageProblem {
                    health.markUnhealthy(HealthComponent.storage, detail: "call state not saved: \(problem)")
                } else {
                    health.markHealthy(HealthComponent.storage, detail: "ok")
                }
                try? await Task.sleep(for: probeInterval)
            }
        }
        try? await gracefulShutdown()
        watch.cancel()
        await drain()
        await scheduler.stop()
        landing.cancel()
        let left = await scheduler.pendingCount
        logger.notice("delivery stopped", metadata: ["pending_in_outbox": "\(left)"])
    }

    private func drain() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await scheduler.waitUntilIdle() }
            group.addTask { try? await Task.sleep(for: drainTimeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// A cheap call (`scope`) while idle: the portal's health is known even when no call is in progress.
    private func probe() async {
        do {
            _ = try await client.call("scope")
            health.markHealthy(HealthComponent.portal, detail: "ok")
        } catch {
            health.markUnhealthy(HealthComponent.portal, detail: "probe failed: \(error)")
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
