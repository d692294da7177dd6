import Synchronization

/// A token bucket per source address: each source may make `perSecond` requests a second with bursts of `burst`.
/// At most `capacity` sources are tracked; when more come, the ones idle longest are forgotten (a forgotten source
/// starts again with a full bucket). Time comes from `now` (seconds on a monotonic clock), so tests can drive it.
final class SourceRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: Double
    }

    private let perSecond: Double
    private let burst: Double
    private let capacity: Int
    private let now: @Sendable () -> Double
    private let buckets = Mutex<[[UInt8]: Bucket]>([:])

    init(
        perSecond: Double,
        burst: Int,
        capacity: Int = 10_000,
        now: @escaping @Sendable () -> Double = SourceRateLimiter.monotonicSeconds
    ) {
        self.perSecond = perSecond
        self.burst = Double(max(1, burst))
        self.capacity = capacity
        self.now = now
    }

    /// Takes a token for `source`; false when its bucket is empty (the request is refused).
    func allow(_ source: [UInt8]) -> Bool {
        let time = now()
        return buckets.withLock { buckets in
            var bucket = buckets[source] ?? Bucket(tokens: burst, updatedAt: time)
            bucket.tokens = min(burst, bucket.tokens + max(0, time - bucket.updatedAt) * perSecond)
            bucket.updatedAt = time
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            if buckets[source] == nil, buckets.count >= capacity { evict(&buckets) }
            buckets[source] = bucket
            return allowed
        }
    }

    /// Forgets the idle half of the table.
    private func evict(_ buckets: inout [[UInt8]: Bucket]) {
        let oldest = buckets.sorted { $0.value.updatedAt < $1.value.updatedAt }.prefix(max(1, buckets.count / 2))
        for (source, _) in oldest { buckets.removeValue(forKey: source) }
    }

    /// Seconds on the process's monotonic clock.
    @Sendable static func monotonicSeconds() -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private static let start = ContinuousClock.now
}
