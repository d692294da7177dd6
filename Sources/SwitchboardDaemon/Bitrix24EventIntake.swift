public import Adapters
public import Engine
public import Foundation
public import Logging
import Synchronization

/// Where the public listener hands the events Bitrix24 posts (``submit(_:)``, which never waits): each is validated
/// into a ``CRMCallRequest``, de-duplicated (the same CALL_ID — for a callback, the same fields and `ts` — within the
/// window is handled once) and queued, bounded, for ``Bitrix24EventService``, which starts the calls.
public final class Bitrix24EventIntake: Sendable {
    /// An event waiting for the pipeline.
    public struct Queued: Sendable {
        /// The validated request.
        public var request: CRMCallRequest
        /// When the listener received it.
        public var receivedAt: Date
    }

    private struct State {
        var recent: RecentKeys
        var closing = false
    }

    let maxAgeSeconds: Int
    private let state: Mutex<State>
    private let queue: (stream: AsyncStream<Queued>, continuation: AsyncStream<Queued>.Continuation)
    private let logger: Logger

    /// An intake judging staleness by `maxAgeSeconds`, remembering events `dedupeSeconds`, holding at most `capacity`
    /// events waiting.
    public init(maxAgeSeconds: Int, dedupeSeconds: Int, capacity: Int = 1000, logger: Logger) {
        self.maxAgeSeconds = maxAgeSeconds
        self.state = Mutex(State(recent: RecentKeys(window: TimeInterval(dedupeSeconds))))
        self.queue = AsyncStream.makeStream(of: Queued.self, bufferingPolicy: .bufferingOldest(capacity))
        self.logger = logger
    }

    /// Judges a posted event and queues it when it is to be handled.
    public func submit(_ posted: Bitrix24PostedEvent) -> Bitrix24EventVerdict {
        let age = posted.sentAt.map { Int(posted.receivedAt.timeIntervalSince($0).rounded(.down)) } ?? 0
        let request: CRMCallRequest
        do {
            request = try CRMCallRequest(
                event: posted.event,
                data: posted.data,
                ageSeconds: age,
                maxAgeSeconds: maxAgeSeconds
            )
        } catch .unknownEvent {
            return .ignored
        } catch {
            return .invalid(error.description)
        }
        let key = Self.key(of: posted, request)
        return state.withLock { state -> Bitrix24EventVerdict in
            guard !state.closing else { return .busy }
            guard state.recent.insert(key, at: posted.receivedAt) else { return .duplicate }
            if case .dropped = queue.continuation.yield(Queued(request: request, receivedAt: posted.receivedAt)) {
                state.recent.remove(key)
                logger.error(
                    "too many Bitrix24 events waiting; one was refused",
                    metadata: ["event": "\(posted.event)"]
                )
                return .busy
            }
            return .accepted
        }
    }

    /// Remembers the CALL_IDs of click-to-call calls already started — the calls a restart restored — so the same
    /// event delivered again after the restart is a duplicate, not a second call.
    public func remember(callIDs: [String], at now: Date) {
        state.withLock { state in
            for callID in callIDs { _ = state.recent.insert("call:" + callID, at: now) }
        }
    }

    /// The queued events, in order; ends after ``close()`` once drained.
    public var events: AsyncStream<Queued> { queue.stream }

    /// Refuses new events (503) and ends ``events`` after the ones waiting.
    public func close() {
        state.withLock { $0.closing = true }
        queue.continuation.finish()
    }

    /// Whether ``close()`` was called.
    public var isClosing: Bool { state.withLock { $0.closing } }

    /// What makes two deliveries the same event: the CALL_ID of a click-to-call; every field and `ts` of a callback.
    static func key(of posted: Bitrix24PostedEvent, _ request: CRMCallRequest) -> String {
        if let callID = request.callID { return "call:" + callID }
        let fields = posted.data.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        return "\(posted.event)|\(posted.sentAt?.timeIntervalSince1970 ?? 0)|\(fields)"
    }
}
