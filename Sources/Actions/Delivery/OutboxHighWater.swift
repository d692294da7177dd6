/// The outbox's depth against its high-water mark, with hysteresis: passing the mark is reported once, and being back
/// is reported once the depth has fallen to half of it — a depth hovering at the mark does not flood the log.
///
/// Nothing is dropped at the mark (register and finish wait for the portal however long it is away): the mark makes a
/// long outage's growth visible before it matters.
public struct OutboxHighWater: Sendable, Equatable {
    /// A change worth reporting.
    public enum Crossing: Sendable, Equatable {
        /// The depth went above the mark.
        case passed(depth: Int)
        /// The depth fell back to half the mark (or below) after passing it.
        case backBelow(depth: Int)
    }

    /// The mark: a depth above it is reported.
    public let mark: Int
    /// Whether the depth passed the mark and has not yet fallen back to half of it.
    public private(set) var isAbove = false

    /// A watch with the mark `mark` (at least 1).
    public init(mark: Int) {
        self.mark = max(1, mark)
    }

    /// Takes the depth now and tells what changed, if anything.
    public mutating func observe(depth: Int) -> Crossing? {
        if !isAbove, depth > mark {
            isAbove = true
            return .passed(depth: depth)
        }
        if isAbove, depth <= mark / 2 {
            isAbove = false
            return .backBelow(depth: depth)
        }
        return nil
    }
}
