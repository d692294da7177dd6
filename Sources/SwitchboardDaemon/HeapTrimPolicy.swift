import Adapters

/// When to give freed memory back to the system, as a pure decision over heap readings: when the slack (resident
/// memory the heap does not hold as in use, see ``ProcessHeap/Reading/slack``) has grown by ``threshold`` or more above
/// its lowest point since the last trim (or the first reading). A burst of calls leaves its transient allocations
/// freed but resident; once they are trimmed, the slack that remains (code, libraries, fragmented pages) is the new
/// floor, so a steady daemon is not trimmed again and again.
struct HeapTrimPolicy: Sendable, Equatable {
    /// Growth of the slack, in bytes, that calls for a trim.
    let threshold: Int
    /// The lowest slack since the last trim; nil before the first reading.
    private(set) var floor: Int?

    /// A policy that trims once the slack grew by `threshold` bytes.
    init(threshold: Int) {
        self.threshold = max(1, threshold)
    }

    /// A reading: whether to trim now.
    mutating func shouldTrim(_ reading: ProcessHeap.Reading) -> Bool {
        let floor = min(self.floor ?? reading.slack, reading.slack)
        self.floor = floor
        return reading.slack - floor >= threshold
    }

    /// A trim was made; `reading` was taken right after it.
    mutating func trimmed(_ reading: ProcessHeap.Reading) {
        floor = reading.slack
    }
}
