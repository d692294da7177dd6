public import Metrics

extension Metrics.Timer {
    /// Records a Swift `Duration` (nanosecond precision).
    public func record(_ duration: Duration) {
        let parts = duration.components
        recordNanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }
}
