import Actions
import Adapters
import AsyncHTTPClient
import Logging
import Metrics
import ServiceLifecycle

/// Runs the portal's scheduler and lands every settled command back in the pipeline. On graceful shutdown it
/// drains what it can within `drainTimeout`; whatever is left stays in the outbox for the next start.
struct DeliveryService: Service {
    let scheduler: PortalScheduler
    /// The client of the health probes: its own HTTP client, so a probe never shares a connection pool with the
    /// scheduler's requests (a probe racing them on a fresh pool was seen to hang).
    let probeClient: Bitrix24Client
    let probeHTTP: HTTPClient
    let pipeline: CallPipeline
    let health: HealthRegistry
    /// How often the portal is probed (`scope`) while nothing is being sent, so health knows it is there.
    let probeInterval: Duration
    /// How long a probe may take.
    let probeTimeout: Duration = .seconds(5)
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
        try? await probeHTTP.shutdown()
        let left = await scheduler.pendingCount
        logger.notice("delivery stopped", metadata: ["pending_in_outbox": "\(left)"])
    }

    /// Delivers what it can within `drainTimeout`; gives up at once while the portal is paused (it refused us or is
    /// down: waiting would only delay the exit). What is left stays in the outbox.
    private func drain() async {
        let deadline = ContinuousClock.now + drainTimeout
        while ContinuousClock.now < deadline, await scheduler.pendingCount > 0, await !scheduler.isPortalPaused {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A cheap call (`scope`) while idle, so the portal's health is known even when no call is in progress.
    /// It gets at most `probeTimeout`: a portal that does not answer in time counts as failing.
    private func probe() async {
        let client = self.probeClient
        let outcome = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    _ = try await client.call("scope")
                    return nil
                } catch {
                    return "probe failed: \(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: probeTimeout)
                return Task.isCancelled ? nil : "probe not answered within \(probeTimeout)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let problem = outcome {
            health.markUnhealthy(HealthComponent.portal, detail: problem)
            logger.debug("portal probe failed", metadata: ["error": "\(problem)"])
        } else {
            health.markHealthy(HealthComponent.portal, detail: "ok")
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
