import Foundation

/// Maps a Bitrix24 error answer to what the caller must do.
/// Decides by `error` code first (401 vs 403 differ between source and docs), then by status.
public enum Bitrix24ErrorClassifier {
    /// Codes meaning "the whole portal refuses this webhook/app": pause and alert.
    static let portalCodes: [String: String] = [
        "INVALID_CREDENTIALS": "the webhook's user id or secret is wrong, or the webhook was deleted",
        "NO_AUTH_FOUND": "the portal found no valid authorisation",
        "insufficient_scope": "the webhook lacks a scope this method needs",
        "WRONG_AUTH_TYPE": "this method refuses the current authorisation type",
        "OVERLOAD_LIMIT": "REST API is blocked for overload (contact Bitrix24 support)",
        "PORTAL_DELETED": "the portal was deleted or closed",
        "INVALID_REQUEST": "the portal requires https",
        "expired_token": "the access token expired",
        "invalid_token": "the access token is invalid",
        "APPLICATION_NOT_FOUND": "the application was removed",
        "authorization_error": "the token's user cannot be authorised",
        "user_access_error": "the application is restricted to other users",
        "invalid_grant": "the refresh token is no longer valid",
        "invalid_client": "the application credentials are wrong",
    ]

    /// The action for an error envelope.
    /// - Parameters:
    ///   - status: HTTP status.
    ///   - code: `error` (may be `""`).
    ///   - description: `error_description`.
    ///   - operatingResetAt: `time.operating_reset_at` when present (seconds since 1970).
    public static func action(
        status: Int,
        code: String,
        description: String,
        operatingResetAt: Double? = nil
    ) -> Bitrix24ErrorAction {
        if code == "OPERATION_TIME_LIMIT" || (status == 429 && code.isEmpty) {
            return .backOffMethod(until: operatingResetAt.map { Date(timeIntervalSince1970: $0) })
        }
        if code == "QUERY_LIMIT_EXCEEDED" { return .retryLater }
        if let reason = portalCodes[code] { return .pausePortal(reason: "\(code): \(reason)") }
        if code == "ACCESS_DENIED", description.localizedCaseInsensitiveContains("commercial plan") {
            return .pausePortal(reason: "ACCESS_DENIED: REST is available only on commercial plans")
        }
        switch status {
        case 401: return .pausePortal(reason: "\(code.isEmpty ? "HTTP 401" : code): the portal refuses our credentials")
        case 500...599: return .retryLater
        default: return .giveUp
        }
    }

    /// The action for a non-envelope answer (an HTML error page from a proxy, …).
    public static func actionForMalformed(status: Int) -> Bitrix24ErrorAction {
        switch status {
        case 500...599, 408, 429: .retryLater
        case 401, 403: .pausePortal(reason: "HTTP \(status) without a Bitrix24 answer")
        case 300...399:
            .pausePortal(
                reason: "HTTP \(status): the portal redirects, and redirects are not followed; "
                    + "set bitrix24.webhook_url to the portal's own https address"
            )
        default: .giveUp
        }
    }
}
