public import Foundation

/// A successful Bitrix24 answer: `result`, and for list methods `total` and `next`.
public struct Bitrix24Response: Sendable {
    /// The method's result (any JSON type).
    public let result: Bitrix24Value
    /// Total items of a list method.
    public let total: Int?
    /// Offset of the next page (`start`), when there is one.
    public let next: Int?
    /// `time.operating_reset_at` (cloud only).
    public let operatingResetAt: Date?
    /// `time.operating`: seconds this method has used in the sliding 10-minute window (cloud only).
    public let operating: Double?

    public init(result: Bitrix24Value, total: Int? = nil, next: Int? = nil, operatingResetAt: Date? = nil, operating: Double? = nil) {
        self.result = result
        self.total = total
        self.next = next
        self.operatingResetAt = operatingResetAt
        self.operating = operating
    }
}

/// How often a call is attempted when it fails with ``Bitrix24ErrorAction/retryLater``.
public struct Bitrix24RetryPolicy: Sendable {
    /// Attempts in total (1 = no retry).
    public var maxAttempts: Int
    /// Delay before the second attempt; doubles each time up to `maxDelay`.
    public var initialDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(10)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// One attempt.
    public static let none = Bitrix24RetryPolicy(maxAttempts: 1)

    func delay(beforeAttempt attempt: Int) -> Duration {
        var delay = initialDelay
        for _ in 2..<max(2, attempt) { delay = min(maxDelay, delay * 2) }
        return min(delay, maxDelay)
    }
}
