public import Foundation

/// The traces of the last calls: one bounded ``CallTrace`` per call, for at most `maxCalls` calls (when a new call
/// comes, the oldest ended call makes room, or the oldest call when none ended), with the rules generations their
/// evaluations need to be explained. Pure and in memory: traces hold phone numbers, so they are served on the admin
/// listener only.
public struct CallTraces: Sendable {
    /// How many calls are kept.
    public let maxCalls: Int
    /// How many steps each call keeps.
    public let maxSteps: Int
    /// The traces, by call.
    public private(set) var calls: [String: CallTrace] = [:]
    /// Calls by first appearance, oldest first.
    private var order: [String] = []
    /// The rules generations the kept evaluations were made with, by number.
    public private(set) var generations: [Int: RuleGeneration] = [:]

    /// Empty traces with these bounds.
    public init(maxCalls: Int = 50, maxSteps: Int = 1_000) {
        self.maxCalls = max(1, maxCalls)
        self.maxSteps = max(1, maxSteps)
    }

    /// The trace of a call, if kept.
    public func trace(of callID: String) -> CallTrace? { calls[callID] }

    /// The kept traces, the newest call first.
    public var recent: [CallTrace] { order.reversed().compactMap { calls[$0] } }

    /// Records a step of a call (evaluations with the generation that made them). A step that does not `open` a
    /// trace is recorded only when the call has one (an answer for a call dropped meanwhile is not kept).
    mutating func record(_ step: TraceStep, of callID: String, generation: RuleGeneration? = nil, opens: Bool = true) {
        let time = step.time
        if calls[callID] == nil {
            guard opens else { return }
            makeRoom()
            calls[callID] = CallTrace(callID: callID, at: time)
            order.append(callID)
        }
        if let generation, generations[generation.number] == nil { generations[generation.number] = generation }
        calls[callID]?.append(step, at: time, limit: maxSteps)
    }

    private mutating func makeRoom() {
        guard calls.count >= maxCalls else { return }
        let victim = order.firstIndex { calls[$0]?.ended == true } ?? order.startIndex
        calls[order[victim]] = nil
        order.remove(at: victim)
        // Generations older than every kept trace's oldest are not needed any more.
        let needed = calls.values.compactMap(\.oldestGeneration).min() ?? Int.max
        let newest = generations.keys.max()
        generations = generations.filter { $0.key >= needed || $0.key == newest }
    }
}
