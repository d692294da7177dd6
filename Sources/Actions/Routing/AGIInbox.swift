public import AGIProtocol
public import Foundation
import RuleDSL

/// FastAGI inputs waiting for the pipeline, and the answers of those a step already took. Under a burst (hundreds of
/// sessions asking at once) the first session through the pipeline's gate takes every input queued behind it, and
/// they share one step: each is decided as alone, in arrival order, but the calls they changed are saved once and their
/// commands queued in one outbox write. Pure state; ``CallPipeline`` drives it on its actor.
struct AGIInbox: Sendable {
    /// What a session brings to the pipeline.
    enum Input: Sendable {
        /// The request arrived (``CallPipeline/beginAGI(_:session:at:)``), with its event value (`event.*`).
        case begin(AGIRequest, payload: Value, at: Date)
        /// Its lookups answered (``CallPipeline/landLookups(_:session:)``).
        case land([LandedLookup])
        /// It ended before its answer (``CallPipeline/endAGI(session:)``).
        case end
    }

    /// An input with its place in the queue.
    struct Item: Sendable {
        let ticket: Int
        let session: String
        let input: Input
    }

    private var lastTicket = 0
    private var queued: [Item] = []
    private var answers: [Int: AGITurn] = [:]

    /// Inputs waiting for a step.
    var count: Int { queued.count }

    /// Queues `input` of `session`; returns its ticket.
    mutating func submit(_ input: Input, session: String) -> Int {
        lastTicket += 1
        queued.append(Item(ticket: lastTicket, session: session, input: input))
        return lastTicket
    }

    /// Every queued input, in arrival order, removed.
    mutating func takeQueued() -> [Item] {
        defer { queued.removeAll(keepingCapacity: true) }
        return queued
    }

    /// What the session of `ticket` needs next, decided by a step.
    mutating func answer(_ ticket: Int, with turn: AGITurn) {
        answers[ticket] = turn
    }

    /// The answer of `ticket` once a step decided it, removed.
    mutating func takeAnswer(_ ticket: Int) -> AGITurn? {
        answers.removeValue(forKey: ticket)
    }
}
