public import AMIProtocol
import Synchronization

/// The AMI client's events on their way to their one consumer: the only buffer between the socket and the consumer,
/// bounded, with its depth published as it changes.
///
/// The consumer takes every event waiting at once (``takeAll()``), so a burst that queued while it was busy goes
/// through its next step together; or it iterates them one by one (an `AsyncSequence`). Order is kept.
///
/// When ``limit`` events wait, the client stops reading the socket until the consumer has taken them (see
/// ``AMIClient``): memory stays bounded and nothing is dropped; Asterisk, whose writes then stall, may end the
/// session, after which the client reconnects and the daemon resynchronises.
public final class AMIEventBuffer: AsyncSequence, Sendable {
    public typealias Element = AMIMessage
    public typealias Failure = Never

    private struct State {
        var messages: [AMIMessage] = []
        var finished = false
        var waiter: CheckedContinuation<Void, Never>?
        /// Set while reading is paused: resumes it.
        var resumeReading: (@Sendable () -> Void)?
    }

    /// How many events may wait before the client stops reading.
    public let limit: Int
    private let state = Mutex(State())
    private let depthChanged: @Sendable (Int) -> Void

    /// A buffer of at most `limit` events; `depthChanged` is told the number waiting whenever it changes (under the
    /// buffer's lock, so in order: keep it cheap — a gauge).
    public init(limit: Int, depthChanged: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.limit = Swift.max(1, limit)
        self.depthChanged = depthChanged
    }

    /// The number of events waiting.
    public var depth: Int { state.withLock { $0.messages.count } }

    /// Adds an event (wakes the consumer). Returns false when the buffer is now full.
    func append(_ message: AMIMessage) -> Bool {
        let (waiter, full) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            state.messages.append(message)
            depthChanged(state.messages.count)
            defer { state.waiter = nil }
            return (state.waiter, state.messages.count >= limit)
        }
        waiter?.resume()
        return !full
    }

    /// While the buffer is full: `resume` is called once the consumer has taken what waits.
    func pauseReading(until resume: @escaping @Sendable () -> Void) {
        let resumeNow = state.withLock { state -> Bool in
            guard state.messages.count >= limit, !state.finished else { return true }
            state.resumeReading = resume
            return false
        }
        if resumeNow { resume() }
    }

    /// No more events will come: the consumer takes what is left, then gets nil.
    func finish() {
        let (waiter, resume) = state.withLock { state in
            state.finished = true
            defer {
                state.waiter = nil
                state.resumeReading = nil
            }
            return (state.waiter, state.resumeReading)
        }
        waiter?.resume()
        resume?()
    }

    /// Every event waiting, in arrival order; waits for one when none is; nil once finished and drained.
    public func takeAll() async -> [AMIMessage]? {
        while true {
            let (taken, resume) = state.withLock { state -> ([AMIMessage]?, (@Sendable () -> Void)?) in
                guard !state.messages.isEmpty else { return (nil, nil) }
                defer {
                    state.messages.removeAll(keepingCapacity: true)
                    state.resumeReading = nil
                    depthChanged(0)
                }
                return (state.messages, state.resumeReading)
            }
            if let taken {
                resume?()
                return taken
            }
            if state.withLock({ $0.finished }) { return nil }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.messages.isEmpty || state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// The events one by one, for a consumer that wants no batches.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: AMIEventBuffer
        var batch: [AMIMessage] = []
        var position = 0

        public mutating func next() async -> AMIMessage? {
            if position == batch.count {
                guard let taken = await buffer.takeAll() else { return nil }
                batch = taken
                position = 0
            }
            defer { position += 1 }
            return batch[position]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: self) }
}
