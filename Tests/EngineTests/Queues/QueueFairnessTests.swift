import Engine
import Foundation
import Testing

/// The fairness Must-show: 1,000 calls over 5 members on a seeded generator. A never answers; B–E answer with the
/// same probability; E's calls last three times longer.
@Suite struct QueueFairnessTests {
    static let members: [QueueFairnessSimulation.Member] = [
        .init(name: "A", answerProbability: 0, talk: 60...180),
        .init(name: "B", answerProbability: 0.8, talk: 60...180),
        .init(name: "C", answerProbability: 0.8, talk: 60...180),
        .init(name: "D", answerProbability: 0.8, talk: 60...180),
        .init(name: "E", answerProbability: 0.8, talk: 180...540),
    ]
    static let wrapUp = 10

    static func run(seed: UInt64) -> QueueFairnessSimulation.Outcome {
        var simulation = QueueFairnessSimulation(
            members: members,
            ringSeconds: 15,
            maxWaitSeconds: 75,
            wrapUpSeconds: wrapUp,
            seed: seed
        )
        return simulation.run(calls: 1_000, meanGap: 80)
    }

    /// What idle-time fairness predicts: every answering member waits the same idle time `gap` between calls, so
    /// member i answers `span / (talk_i + wrapUp + gap)` calls; `gap` is the one value for which these add up to
    /// the calls answered.
    static func predictedAnswers(span: Double, answered: Int) -> [String: Double] {
        let cycles = members.filter { $0.answerProbability > 0 }.map {
            (name: $0.name, busy: ($0.talk.lowerBound + $0.talk.upperBound) / 2 + Double(wrapUp))
        }
        func total(_ gap: Double) -> Double { cycles.reduce(0) { $0 + span / ($1.busy + gap) } }
        var low = -(cycles.map(\.busy).min() ?? 0) + 1e-6
        var high = span
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if total(middle) > Double(answered) { low = middle } else { high = middle }
        }
        let gap = (low + high) / 2
        return Dictionary(uniqueKeysWithValues: cycles.map { ($0.name, span / ($0.busy + gap)) })
    }

    @Test(arguments: [UInt64(0xC0FFEE), 1, 2, 3, 4, 5, 6, 7, 8, 9])
    func answeredCallsFollowIdleTimeFairness(seed: UInt64) {
        let outcome = Self.run(seed: seed)
        let answered = outcome.answered.values.reduce(0, +)
        #expect(answered + outcome.overflowed == 1_000)
        #expect(answered > 900, "the load is one the members can carry: \(outcome.overflowed) overflowed")

        // Every offer went to the longest-idle member who was free, rested and not yet offered in that call. The
        // record was wrong twice before (the machine was right both times): it kept times as offsets in seconds,
        // which round otherwise than the machine's `Date`s, so at the instant a wrap-up ended it saw the member still
        // resting (78 false alarms in 1,000 calls); and it took a ring ending at the instant of another input as over
        // before that end was reported (seeds 5, 6, 8).
        #expect(outcome.unfairOffers.isEmpty, "\(outcome.unfairOffers.count): \(outcome.unfairOffers.prefix(8))")

        // The member who never answers is offered (often), but never twice in one call.
        #expect(outcome.answered["A"] == nil)
        #expect((outcome.offers["A"] ?? 0) > 500)
        #expect(outcome.mostOffersInOneCall["A"] == 1)

        let predicted = Self.predictedAnswers(span: outcome.span, answered: answered)
        for (name, expected) in predicted.sorted(by: { $0.key < $1.key }) {
            let actual = Double(outcome.answered[name] ?? 0)
            let deviation = abs(actual - expected) / expected
            #expect(deviation <= 0.10, "\(name): \(Int(actual)) answered, \(Int(expected)) predicted")
        }
        // The prediction is not the trivial one: the member with long calls takes clearly fewer.
        let longCalls = Double(outcome.answered["E"] ?? 0)
        let shortCalls = Double((outcome.answered["B"] ?? 0) + (outcome.answered["C"] ?? 0)) / 2
        #expect(longCalls < 0.85 * shortCalls)
    }
}
