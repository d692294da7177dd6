public import Foundation

/// What the caller must do about a failed Bitrix24 call.
public enum Bitrix24ErrorAction: Sendable, Equatable {
    /// Transient: rate limit (503 `QUERY_LIMIT_EXCEEDED`), 5xx, timeout, connection error. Retry with back-off.
    case retryLater
    /// 429 `OPERATION_TIME_LIMIT`: this method is blocked for this webhook until `until`
    /// (`time.operating_reset_at`, when the portal said); other methods still work.
    case backOffMethod(until: Date?)
    /// The portal as a whole refuses us (credentials, scope, auth type, overload block, deleted portal,
    /// plan): stop calling it and alert a human.
    case pausePortal(reason: String)
    /// This command cannot succeed (400 method error, unknown method): drop it and report.
    case giveUp
}
