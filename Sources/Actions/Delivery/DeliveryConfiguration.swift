/// How a portal's scheduler paces, batches and retries.
public struct DeliveryConfiguration: Sendable {
    /// The portal's rate limit, mirrored client-side.
    public struct RateLimit: Sendable, Equatable {
        /// Burst (bucket capacity).
        public var burst: Double
        /// Sustained requests per second.
        public var perSecond: Double

        /// A limit.
        public init(burst: Double, perSecond: Double) {
            self.burst = burst
            self.perSecond = perSecond
        }

        /// Every plan but Enterprise: burst 50, 2 per second.
        public static let standard = RateLimit(burst: 50, perSecond: 2)
        /// Enterprise plans: burst 250, 5 per second.
        public static let enterprise = RateLimit(burst: 250, perSecond: 5)
    }

    /// The client-side bucket.
    public var rateLimit: RateLimit
    /// Most commands in one `batch` (the portal's cap is 50).
    public var batchLimit: Int
    /// Attempts before a command goes to the dead-letter table.
    public var maxAttempts: Int
    /// First retry delay; doubles per attempt (with jitter: between half and all of it).
    public var initialBackoff: Duration
    /// Upper bound of the retry delay.
    public var maxBackoff: Duration
    /// How long the portal is left alone after it refused us as a whole (401, 403, overload, deleted).
    public var portalPause: Duration
    /// How long a method is left alone after 429 `OPERATION_TIME_LIMIT` without `operating_reset_at`.
    public var methodBackoff: Duration
    /// Most requests in flight at once.
    public var maxRequestsInFlight: Int
    /// A request goes in parallel with others only while the bucket is at most this full (0…1); above it, one at a
    /// time, so a sustained load goes out in few, full batches instead of many small ones.
    public var parallelBelowLevel: Double
    /// A `show` not sent within this time of being asked for is given up (a card for a call long over is wrong);
    /// register, finish and hide never expire.
    public var showCardMaxAge: Duration
    /// Housekeeping: results of calls settled longer ago than this are forgotten.
    public var deliveredRetention: Duration
    /// Housekeeping: dead letters (and quarantined rows) older than this are removed.
    public var deadLetterRetention: Duration
    /// How often housekeeping runs.
    public var housekeepingInterval: Duration
    /// Commands waiting (held in memory included) above which the scheduler alerts in the log and counts it
    /// (``OutboxHighWater``); nothing is dropped at the mark.
    public var depthHighWater: Int

    /// Defaults: standard rate, batches of 50, 10 attempts, 1 s … 60 s back-off, 30 s portal pause, 60 s method
    /// back-off, up to 4 requests in flight while the bucket is at most a tenth full (5 of a burst of 50); cards
    /// expire after 10 minutes; results are kept 7 days, dead letters 30 days; housekeeping hourly; the depth's
    /// high-water mark 10,000 commands.
    public init(
        rateLimit: RateLimit = .standard,
        batchLimit: Int = 50,
        maxAttempts: Int = 10,
        initialBackoff: Duration = .seconds(1),
        maxBackoff: Duration = .seconds(60),
        portalPause: Duration = .seconds(30),
        methodBackoff: Duration = .seconds(60),
        maxRequestsInFlight: Int = 4,
        parallelBelowLevel: Double = 0.1,
        showCardMaxAge: Duration = .seconds(600),
        deliveredRetention: Duration = .seconds(7 * 86_400),
        deadLetterRetention: Duration = .seconds(30 * 86_400),
        housekeepingInterval: Duration = .seconds(3_600),
        depthHighWater: Int = 10_000
    ) {
        self.rateLimit = rateLimit
        self.batchLimit = min(50, max(1, batchLimit))
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.portalPause = portalPause
        self.methodBackoff = methodBackoff
        self.maxRequestsInFlight = max(1, maxRequestsInFlight)
        self.parallelBelowLevel = min(1, max(0, parallelBelowLevel))
        self.showCardMaxAge = showCardMaxAge
        self.deliveredRetention = deliveredRetention
        self.deadLetterRetention = deadLetterRetention
        self.housekeepingInterval = housekeepingInterval
        self.depthHighWater = max(1, depthHighWater)
    }

    /// The delay in seconds before attempt `attempts + 1`: the exponential value (`initialBackoff` doubled per
    /// attempt, at most `maxBackoff`) times ½ + ½·`random`, so between half and all of it.
    public func backoff(afterAttempts attempts: Int, random: Double) -> Double {
        let initial = initialBackoff.seconds
        let exponential = initial * pow2(max(0, attempts - 1))
        let capped = min(maxBackoff.seconds, exponential)
        return capped * (0.5 + 0.5 * min(1, max(0, random)))
    }

    private func pow2(_ exponent: Int) -> Double {
        exponent >= 60 ? .greatestFiniteMagnitude : Double(1 << exponent)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
