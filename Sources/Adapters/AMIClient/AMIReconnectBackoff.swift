/// Jittered exponential backoff between reconnect attempts.
///
/// The delay before attempt `n` (0-based) is `base = min(maximum, initial × multiplier^n)`, then reduced by a random
/// share of up to `jitter × base` so that many daemons restarting together do not reconnect in step.
public struct AMIReconnectBackoff: Sendable, Hashable {
    /// The first delay.
    public var initial: Duration
    /// The largest delay.
    public var maximum: Duration
    /// Growth per failed attempt.
    public var multiplier: Double
    /// The share of the delay (0…1) that is randomised.
    public var jitter: Double
    /// How long a session must have lasted for the back-off to start over at ``initial`` after it drops.
    public var stableAfter: Duration

    /// Creates a backoff policy.
    public init(
        initial: Duration = .milliseconds(500),
        maximum: Duration = .seconds(30),
        multiplier: Double = 2,
        jitter: Double = 0.5,
        stableAfter: Duration = .seconds(30)
    ) {
        self.stableAfter = stableAfter
        self.initial = initial
        self.maximum = maximum
        self.multiplier = max(1, multiplier)
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The attempt to start the next reconnect at, after a session that lasted `duration`: 0 when it was stable, else
    /// where the previous reconnects left off (`streak`).
    public func firstAttempt(afterSessionOf duration: Duration, streak: Int) -> Int {
        duration >= stableAfter ? 0 : streak
    }

    /// The delay before attempt `attempt` (0-based), for a uniform random `unit` in `0..<1`.
    public func delay(beforeAttempt attempt: Int, unit: Double) -> Duration {
        let initialSeconds = Self.seconds(initial)
        let maximumSeconds = Self.seconds(maximum)
        let exponent = Double(min(max(attempt, 0), 64))
        let base = min(maximumSeconds, initialSeconds * pow(multiplier, exponent))
        let seconds = base * (1 - jitter * min(max(unit, 0), 1))
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// The delay before attempt `attempt`, with a fresh random jitter.
    public func delay(beforeAttempt attempt: Int) -> Duration {
        delay(beforeAttempt: attempt, unit: Double.random(in: 0..<1))
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        while remaining > 0 {
            result *= base
            remaining -= 1
            if result > 1e12 { break }
        }
        return result
    }
}
