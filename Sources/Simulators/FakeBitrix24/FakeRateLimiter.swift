import OrderedCollections

/// The cloud's leaky bucket: every HTTP request adds one; the counter drains by `drainPerSecond`;
/// a request that would push it over `capacity` is refused (503 `QUERY_LIMIT_EXCEEDED`).
struct FakeRateLimiter: Sendable {
    var capacity: Double
    var drainPerSecond: Double
    private var level: Double = 0
    private var updatedAt: Double?

    init(capacity: Double, drainPerSecond: Double) {
        self.capacity = capacity
        self.drainPerSecond = drainPerSecond
    }

    /// Accounts one request at `now`; `false` when it must be refused.
    mutating func admit(at now: Double) -> Bool {
        if let updatedAt {
            level = max(0, level - max(0, now - updatedAt) * drainPerSecond)
        }
        updatedAt = now
        guard level + 1 <= capacity else { return false }
        level += 1
        return true
    }
}
