public import Adapters
import Metrics

/// Lookups over the portal's client, sharing its scheduler's rate limit: each takes the next token ahead of the
/// outbox's queued work (waiting for it when the bucket is full), then one request, no retry.
public struct ScheduledPortalLookup: PortalLookup {
    let scheduler: PortalScheduler
    let client: Bitrix24Client

    /// Lookups through `client`, paced by `scheduler`'s bucket.
    public init(scheduler: PortalScheduler, client: Bitrix24Client) {
        self.scheduler = scheduler
        self.client = client
    }

    public func searchCRM(phone: String) async throws -> Bitrix24Value {
        let admission = await scheduler.takeUrgentToken()
        try await scheduler.lookupClock.sleep(until: admission)
        SwitchboardMetrics.bitrix24Requests().increment()
        let started = ContinuousClock.now
        defer { SwitchboardMetrics.bitrix24RequestDuration().record(ContinuousClock.now - started) }
        do {
            let response = try await client.call(
                "telephony.externalcall.searchCrmEntities",
                ["PHONE_NUMBER": .string(phone)]
            )
            return response.result
        } catch let error as Bitrix24Error {
            if error.code == "QUERY_LIMIT_EXCEEDED" { await scheduler.lookupWasRateLimited() }
            throw error
        }
    }
}
