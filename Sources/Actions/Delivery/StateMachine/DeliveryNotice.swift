public import Foundation

/// What the driver logs and counts, as the state machine decided it.
public enum DeliveryNotice: Sendable {
    /// The outbox held work from the last run.
    case resumed(pending: Int, calls: Int)
    /// The portal answered 503 `QUERY_LIMIT_EXCEEDED`.
    case rateLimited
    /// The portal is rate-limiting us or unreachable: no request before `until`.
    case portalUnavailable(error: String, seconds: Double, consecutive: Int)
    /// The portal refused us as a whole (401, 403, overload, deleted): no request before `until`.
    case portalPaused(reason: String, until: Date)
    /// 429 `OPERATION_TIME_LIMIT`: `method` waits until `until`.
    case methodBackedOff(method: String, until: Date)
    /// A retried finish was answered "Call is not found" after an attempt that may have landed: counted as done.
    case finishCountedDone(callKey: String)
    /// A command moved to the dead letters (after its write).
    case deadLettered(OutboxEntry, reason: String)
    /// The outbox could not be written, tried again in `retryInSeconds`: for `mark in flight` the request never left
    /// and goes again; for `record outcome` the portal's answers are kept in memory and recorded again.
    case storageFailed(operation: String, detail: String, retryInSeconds: Double)
    /// A card waited past its maximum age and is given up instead of shown late.
    case cardExpired(OutboxEntry, ageSeconds: Double)
    /// New commands could not be written to the outbox: `count` are held in memory, written again in
    /// `retryInSeconds`.
    case commandsHeld(count: Int, detail: String, retryInSeconds: Double)
}
