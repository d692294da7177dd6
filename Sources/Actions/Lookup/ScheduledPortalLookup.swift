public import Adapters

/// Lookups over the portal's client through its scheduler's urgent lane (``PortalScheduler/urgent(_:)``): each goes
/// ahead of the outbox's queued work but shares the portal's rate limit (waiting for a token when the bucket is full,
/// waiting out a pause); one request, no retry, nothing written to the outbox.
public struct ScheduledPortalLookup: PortalLookup {
    let scheduler: PortalScheduler

    /// Lookups through `scheduler`'s client, paced by its bucket.
    public init(scheduler: PortalScheduler) {
        self.scheduler = scheduler
    }

    public func searchCRM(phone: String) async throws -> Bitrix24Value {
        let request = Bitrix24CrmSearchRequest(phoneNumber: phone)
        // The raw result: the pipeline decodes it once, as every search result (``ResultDecoding``).
        return try await scheduler.urgent { client in
            try await client.call(request.method, request.parameters).result
        }
    }
}
