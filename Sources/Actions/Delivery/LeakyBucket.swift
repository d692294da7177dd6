public import Foundation

/// The client-side mirror of the portal's leaky bucket: every request adds one,
/// the level drains by ``drainPerSecond``, and a request is sent only while the level stays within
/// ``capacity`` — so the portal's 503 `QUERY_LIMIT_EXCEEDED` is the exception. Pure value; time is passed in.
public struct LeakyBucket: Sendable, Equatable {
    /// Requests the bucket holds (the burst): 50 by default, 250 on Enterprise.
    public let capacity: Double
    /// Requests drained per second: 2 by default, 5 on Enterprise.
    public let drainPerSecond: Double
    private var level: Double = 0
    private var updatedAt: Date?

    /// An empty bucket.
    public init(capacity: Double, drainPerSecond: Double) {
        self.capacity = max(1, capacity)
        self.drainPerSecond = max(0.001, drainPerSecond)
    }

    /// The level at `now` (requests still counted).
    public func level(at now: Date) -> Double {
        guard let updatedAt else { return level }
        return max(0, level - max(0, now.timeIntervalSince(updatedAt)) * drainPerSecond)
    }

    /// Rounding slack, so a request computed to fit exactly does fit.
    private static let tolerance = 1e-6

    /// When a request may be sent: `now` if one fits, otherwise the moment enough has drained. `reserving`: requests
    /// already sent and not yet counted (in flight), each held as a full place until its answer counts it.
    public func nextAdmission(after now: Date, reserving: Int = 0) -> Date {
        let current = level(at: now) + Double(max(0, reserving))
        guard current + 1 > capacity + Self.tolerance else { return now }
        return now.addingTimeInterval((current + 1 - capacity) / drainPerSecond)
    }

    /// Takes one request's place if it fits at `now`; `false` otherwise.
    public mutating func admit(at now: Date) -> Bool {
        let current = level(at: now)
        guard current + 1 <= capacity + Self.tolerance else { return false }
        level = current + 1
        updatedAt = now
        return true
    }

    /// Counts a request at `now` whether or not it fits. The delivery counts each request when its answer (or failure)
    /// comes back and holds a full place for it while it is in flight (``nextAdmission(after:reserving:)``): the
    /// portal counted it on arrival, which is no later, so the client's level plus its requests in flight is never
    /// below the portal's level, whatever the order in which answers return.
    public mutating func add(at now: Date) {
        level = level(at: now) + 1
        updatedAt = now
    }

    /// The portal said its bucket is full (503 `QUERY_LIMIT_EXCEEDED`): believe it.
    public mutating func fill(at now: Date) {
        level = capacity
        updatedAt = now
    }
}
