public import Foundation

/// What happened to one call and why, step by step, bounded: past `limit` steps the oldest are dropped (counted in
/// ``droppedSteps``).
public struct CallTrace: Sendable {
    /// The call (its Linkedid).
    public let callID: String
    /// The steps kept, oldest first.
    public private(set) var steps: [TraceStep] = []
    /// Steps dropped from the front to stay within the limit.
    public private(set) var droppedSteps = 0
    /// When the first step was recorded, by the recorder's clock.
    public let firstSeen: Date
    /// When the last step was recorded.
    public private(set) var lastSeen: Date
    /// `call.ended` was evaluated.
    public private(set) var ended = false
    /// The oldest rules generation any step evaluated with (generations before it are not needed to explain it).
    public private(set) var oldestGeneration: Int?

    init(callID: String, at time: Date) {
        self.callID = callID
        self.firstSeen = time
        self.lastSeen = time
    }

    mutating func append(_ step: TraceStep, at time: Date, limit: Int) {
        steps.append(step)
        lastSeen = time
        if case .evaluation(let evaluation) = step {
            if evaluation.entry.name == "call.ended" { ended = true }
            oldestGeneration = min(oldestGeneration ?? evaluation.generation, evaluation.generation)
        }
        // Dropping a quarter at a time keeps appends amortised O(1).
        if steps.count > limit + max(1, limit / 4) {
            let excess = steps.count - limit
            steps.removeFirst(excess)
            droppedSteps += excess
        }
    }
}
