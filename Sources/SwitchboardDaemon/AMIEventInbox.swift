import AMIProtocol
import Adapters
import Synchronization

/// Collects the AMI client's events as they arrive, so the pipeline can take the events that are waiting together
/// (``CallPipeline/handle(_:arrival:)`` with an array) instead of one durable step per event: under a burst, the
/// events that queued while one step ran go through the next step together, at most ``batchLimit`` at a time (a step
/// holds every event's timeline — rule evaluations, call snapshots, intents — until it is written, so an unbounded step
/// after a burst of 10,000 calls would hold them all at once). Order is kept. One consumer.
///
/// A resynchronisation takes its place in that order: while `CoreShowChannels` is fetched the inbox holds back
/// the events that may come after the list on the wire (``hold(after:)``), then hands out the list exactly after
/// the events that came before it (``resync(_:after:)``), so a call that starts meanwhile is never ended for
/// missing from a list written before it existed, and a hangup written before the list is never overtaken by it.
///
/// Bounded: ``put(_:)`` waits while ``limit`` events the consumer may take are waiting (events held back for a
/// resync do not count, so the list's own response is still read).
final class AMIEventInbox: Sendable {
    /// What the consumer gets next.
    enum Item {
        /// Events, in wire order.
        case messages([AMIMessage])
        /// The `CoreShowChannel` items of a resynchronisation, at their place among the events.
        case resync([AMIMessage])
    }

    private struct State {
        /// Messages from ``head`` on wait; those before it were handed out (dropped now and then, see ``take(_:)``).
        var messages: [AMIMessage] = []
        var head = 0
        /// Messages handed out so far (the index of the next one in the client's event stream).
        var taken = 0
        /// No message with this index or later is handed out until the resync arrives (or the hold is released).
        var holdAfter: Int?
        var pendingResync: (channels: [AMIMessage], after: Int)?
        var finished = false
        var waiter: CheckedContinuation<Void, Never>?
        /// The producer, waiting for room.
        var roomWaiter: CheckedContinuation<Void, Never>?

        /// How many waiting messages may go out now: up to the resync's place, or the hold (lifted once finished).
        var releasable: Int {
            guard let limit = pendingResync?.after ?? (finished ? nil : holdAfter) else { return waiting }
            return min(waiting, max(0, limit - taken))
        }

        /// Messages not handed out yet.
        var waiting: Int { messages.count - head }

        /// Hands out the next `count` messages. The array drops what was handed out once that is at least half of it
        /// (so taking is amortised O(1)), and its buffer goes with the last message (a burst's buffer is not kept).
        mutating func take(_ count: Int) -> [AMIMessage] {
            let taken = Array(messages[head..<(head + count)])
            head += count
            self.taken += count
            if head == messages.count {
                messages = []
                head = 0
            } else if head >= messages.count / 2 {
                messages.removeFirst(head)
                head = 0
            }
            return taken
        }

        /// Whether the pending resync's place has come (or no event before it can come any more).
        var resyncDue: Bool {
            guard let resync = pendingResync else { return false }
            return taken >= resync.after || (finished && waiting == 0)
        }
    }

    private let state = Mutex(State())
    /// How many events the consumer may take before ``put(_:)`` waits.
    let limit: Int
    /// How many events ``next()`` hands out at most at once.
    let batchLimit: Int

    /// An inbox that makes its producer wait at `limit` events and hands out at most `batchLimit` at once.
    init(limit: Int = 10_000, batchLimit: Int = 500) {
        self.limit = max(1, limit)
        self.batchLimit = max(1, batchLimit)
    }

    /// Adds messages (wakes the consumer), then waits while `limit` or more may go to the consumer (or until the
    /// inbox finishes).
    func put(_ messages: [AMIMessage]) async {
        change { $0.messages.append(contentsOf: messages) }
        while state.withLock({ !$0.finished && $0.releasable >= limit }) {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    guard !state.finished, state.releasable >= limit else { return true }
                    state.roomWaiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Adds a message (wakes the consumer); never waits.
    func put(_ message: AMIMessage) {
        change { $0.messages.append(message) }
    }

    /// Holds back every event from index `count` of the client's event stream on (count them with
    /// `AMIClient.publishedEvents` before sending the request) until ``resync(_:after:)`` or ``release()``.
    func hold(after count: Int) {
        change { $0.holdAfter = count }
    }

    /// Hands out `channels` once the first `count` events of the client's event stream are out
    /// (`AMIListResult.eventsBefore`), then lets the rest follow.
    func resync(_ channels: [AMIMessage], after count: Int) {
        change { $0.pendingResync = (channels, count) }
    }

    /// Lifts a hold without a resync (the list could not be fetched).
    func release() {
        change { $0.holdAfter = nil }
    }

    /// No more messages will come (the consumer drains what is left, then gets nil).
    func finish() {
        change { $0.finished = true }
        state.withLock { state in
            defer { state.roomWaiter = nil }
            return state.roomWaiter
        }?.resume()
    }

    /// The next item: the resync when its place has come, else the messages that may go (at most ``batchLimit``),
    /// in arrival order; waits when there is nothing; nil once finished and drained.
    func next() async -> Item? {
        while true {
            let item = state.withLock { state -> Item? in
                if state.resyncDue, let resync = state.pendingResync {
                    state.pendingResync = nil
                    state.holdAfter = nil
                    return .resync(resync.channels)
                }
                let count = min(state.releasable, batchLimit)
                guard count > 0 else { return nil }
                return .messages(state.take(count))
            }
            if let item {
                state.withLock { state in
                    defer { state.roomWaiter = nil }
                    return state.roomWaiter
                }?.resume()
                return item
            }
            if state.withLock({ $0.finished && $0.waiting == 0 }) { return nil }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.releasable > 0 || state.resyncDue || state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    private func change(_ body: (inout State) -> Void) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            body(&state)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
