import Foundation

/// How often a call is attempted when it fails with ``Bitrix24ErrorAction/retryLater``.
public struct Bitrix24RetryPolicy: Sendable {
    /// Attempts in total (1 = no retry).
    public var maxAttempts: Int
    /// Delay before the second attempt; doubles each time up to `maxDelay`.
    public var initialDelay: Duration
    /// Upper bound of the delay.
    public var maxDelay: Duration

    /// A policy; `maxAttempts` below 1 counts as 1.
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
