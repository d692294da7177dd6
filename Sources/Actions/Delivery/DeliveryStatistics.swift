/// Counters of one portal's scheduler since it started.
public struct DeliveryStatistics: Sendable, Equatable {
    /// HTTP requests sent (a `batch` counts once).
    public var requestsSent = 0
    /// Of these, `batch` requests.
    public var batchesSent = 0
    /// Answers 503 `QUERY_LIMIT_EXCEEDED` received.
    public var rateLimitedAnswers = 0
    /// Commands acknowledged (removed from the outbox as done).
    public var acknowledged = 0
    /// Failed attempts that will be retried.
    public var retries = 0
    /// Commands moved to the dead-letter table.
    public var deadLettered = 0
    /// Times the portal as a whole was paused.
    public var portalPauses = 0
    /// Urgent requests that reached the portal (``PortalScheduler/urgent(_:)``).
    public var urgentRequests = 0
}
