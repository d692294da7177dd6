import OrderedCollections

/// A failure the fake portal produces on demand, at the HTTP level, before (or after) running a method.
public enum FakeBitrix24Fault: Sendable, Equatable {
    /// Answer with this status and error envelope instead of running the method.
    case error(status: Int, code: String, description: String)
    /// Hold the request without answering (until `hangSeconds` pass or the portal stops), then close.
    case hang
    /// Close the connection without answering and without running the method.
    case dropConnection
    /// Run the method (its effects happen), then close the connection without answering:
    /// the client's answer is lost.
    case dropAfterProcessing

    /// 503 `QUERY_LIMIT_EXCEEDED`.
    public static let queryLimitExceeded = error(
        status: 503,
        code: "QUERY_LIMIT_EXCEEDED",
        description: "Too many requests"
    )
    /// 500 `INTERNAL_SERVER_ERROR`.
    public static let internalServerError = error(
        status: 500,
        code: "INTERNAL_SERVER_ERROR",
        description: "Internal server error"
    )
    /// 401 `INVALID_CREDENTIALS` (webhook deleted or secret changed).
    public static let invalidCredentials = error(
        status: 401,
        code: "INVALID_CREDENTIALS",
        description: "Invalid request credentials"
    )
    /// 503 `OVERLOAD_LIMIT` (REST blocked manually).
    public static let overloadLimit = error(
        status: 503,
        code: "OVERLOAD_LIMIT",
        description: "REST API is blocked due to overload."
    )
    /// 500 `PORTAL_DELETED`.
    public static let portalDeleted = error(status: 500, code: "PORTAL_DELETED", description: "Portal was deleted")
}

/// A queued fault: applies to the next `remaining` requests (of `method`, or of any method).
struct FakeQueuedFault: Sendable {
    var fault: FakeBitrix24Fault
    var remaining: Int
    var method: String?
}
