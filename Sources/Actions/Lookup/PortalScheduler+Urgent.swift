import Adapters
import Foundation
import Metrics

/// The lookup lane's share of the portal's rate limit, until the scheduler has an urgent lane of its own: a lookup
/// takes the next token of the same client-side bucket ahead of the queued outbox work, and a rate-limit answer it
/// gets fills that bucket for everyone.
extension PortalScheduler {
    /// Reserves one request in the bucket now and returns when it may be sent (now when the bucket has room). The
    /// outbox's next request waits behind it.
    func takeUrgentToken() -> Date {
        let now = clock.now
        let admission = bucket.nextAdmission(after: now)
        bucket.add(at: now)
        return admission
    }

    /// The portal answered a lookup with 503 `QUERY_LIMIT_EXCEEDED`: its bucket is full.
    func lookupWasRateLimited() {
        stats.rateLimitedAnswers += 1
        rateLimitedCounter.increment()
        bucket.fill(at: clock.now)
    }

    /// The clock the bucket runs on (a lookup waits for its token on it).
    nonisolated var lookupClock: any DeliveryClock { clock }
}
