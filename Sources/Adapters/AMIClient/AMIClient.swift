public import AMIProtocol
import CoreMetrics
import Foundation
public import NIOCore
import NIOPosix

/// An AMI client over SwiftNIO: login (plain or MD5), actions correlated by ActionID with deadlines, list actions,
/// async Originate, Ping keepalive with a reply deadline, and reconnect with jittered exponential backoff.
///
/// Events arrive in ``events`` (one consumer; bounded: while it is full the client stops reading the socket);
/// link changes, including every gap in the event stream, on ``linkEvents``. An event is routed to a pending action
/// only while that action waits for it (list items of an open list, the `OriginateResponse` of our Originate);
/// everything else — also `UserEvent`s carrying one of our ActionIDs — is an ordinary event.
public actor AMIClient {
    struct Connection {
        let channel: any Channel
        let epoch: Int
        var banner: String?
        var bannerWaiter: CheckedContinuation<String, any Error>?
        var closeReason: AMIDisconnectReason?
        var loggedIn = false
        /// When the login succeeded: a session that ends sooner than ``AMIReconnectBackoff/stableAfter`` does not
        /// reset the back-off.
        var loggedInAt: ContinuousClock.Instant?
        /// While reading is paused on a full event buffer: drops the link at the stall limit.
        var stallTimer: Scheduled<Void>?
    }

    enum Pending {
        case single(AMIActionWaiter<AMIMessage>)
        case list(AMIActionWaiter<AMIListResult>, response: AMIMessage?, items: [AMIMessage])
        case originate(AMIActionWaiter<AMIOriginateResult>, response: AMIMessage?)
    }

    struct PendingEntry {
        var state: Pending
        let actionName: String
        let epoch: Int
        var timeoutTask: Task<Void, Never>?
    }

    /// The configuration in use.
    public nonisolated let configuration: AMIClientConfiguration
    /// Events (and replies nobody waits for), in wire order: the one buffer between the socket and the consumer.
    public nonisolated let events: AMIEventBuffer
    /// Link changes, in order.
    public nonisolated let linkEvents: AsyncStream<AMILinkEvent>

    let linkSink: AsyncStream<AMILinkEvent>.Continuation
    let group: any EventLoopGroup
    var connection: Connection?
    var pending: [String: PendingEntry] = [:]
    var nextActionNumber = 0
    var nextEpoch = 0
    var isClosed = false
    var reconnectTask: Task<Void, Never>?
    /// Each connection's reader (it routes what the socket delivers), by epoch, until it has read the last frame.
    var readers: [Int: Task<Void, Never>] = [:]
    /// Each connection's keepalive, by epoch, until it has stopped (cancelled when its connection ends).
    var keepalives: [Int: Task<Void, Never>] = [:]
    var decodingErrorCount = 0
    var publishedEventCount = 0
    /// Reconnect attempts since the link was last stable: a link that logs in and drops at once (a flapping PBX, a
    /// kicked session) keeps backing off instead of reconnecting every half second.
    var reconnectStreak = 0

    /// Creates a client; nothing happens until ``connect()``.
    public init(
        configuration: AMIClientConfiguration,
        eventLoopGroup: (any EventLoopGroup)? = nil
    ) {
        self.configuration = configuration
        self.group = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        let depth = SwitchboardMetrics.amiEventBuffer()
        events = AMIEventBuffer(limit: configuration.eventBufferLimit) { depth.record($0) }
        (linkEvents, linkSink) = AsyncStream.makeStream(of: AMILinkEvent.self, bufferingPolicy: .unbounded)
    }

    /// Whether a logged-in session is up.
    public var isConnected: Bool { connection != nil }

    /// Messages the decoder reported as too large on the current and past connections.
    public var decodingErrors: Int { decodingErrorCount }
    /// How many messages the client has put on `events` since it was created.
    public var publishedEvents: Int { publishedEventCount }

    // MARK: Lifecycle

    /// Connects and logs in. Throws ``AMIClientError`` when the first session cannot be set up; after that, lost
    /// sessions are rebuilt in the background and reported on ``linkEvents``.
    public func connect() async throws {
        guard !isClosed else { throw AMIClientError.closed }
        let banner = try await establish()
        linkSink.yield(.connected(banner: banner))
    }

    /// Logs off (best effort, waiting at most one second for the Goodbye), closes the connection and ends both
    /// streams. Pending actions fail with ``AMIClientError/closed``. When it returns, the client's own tasks (readers,
    /// keepalive, reconnect) have ended: nothing it started can land later.
    public func close() async {
        guard !isClosed else { return }
        isClosed = true
        let reconnecting = reconnectTask
        reconnectTask?.cancel()
        reconnectTask = nil
        if let current = connection, current.loggedIn {
            connection?.closeReason = .closedByClient
            _ = try? await sendAllowingError(.logoff, timeout: .seconds(1), duringLogin: false, whileClosing: true)
            try? await current.channel.close()
            connectionEnded(epoch: current.epoch, error: nil)  // report it now, before the streams end
        } else {
            try? await connection?.channel.close()
        }
        failAll(epoch: nil) { _ in .closed }
        events.finish()
        linkSink.finish()
        await reconnecting?.value
        for task in Array(keepalives.values) + Array(readers.values) {
            task.cancel()
            await task.value
        }
    }

    /// Drops the current connection as if the network failed (the client then reconnects). For tests and drills.
    public func dropConnection() {
        connection?.channel.close(promise: nil)
    }

    // MARK: Actions

    /// Sends `action` and returns its reply. A `Response: Error` reply throws ``AMIClientError/actionFailed``.
    /// Every action wait (this, ``sendList(_:timeout:)``, ``originate(_:timeout:)``) ends at once when the calling
    /// task is cancelled (``AMIClientError/cancelled(action:)``); a reply that comes later is routed as usual.
    public func send(_ action: AMIAction, timeout: Duration? = nil) async throws -> AMIMessage {
        let reply = try await sendAllowingError(action, timeout: timeout)
        if reply["Response"]?.lowercased() == "error" {
            throw AMIClientError.actionFailed(action: action.name, message: reply["Message"])
        }
        return reply
    }

    /// Sends `action` and returns its reply, `Response: Error` included.
    public func sendAllowingError(_ action: AMIAction, timeout: Duration? = nil) async throws -> AMIMessage {
        try await sendAllowingError(action, timeout: timeout, duringLogin: false)
    }

    func sendAllowingError(
        _ action: AMIAction,
        timeout: Duration?,
        duringLogin: Bool,
        whileClosing: Bool = false
    ) async throws -> AMIMessage {
        let (id, bytes, current) = try prepare(action, duringLogin: duringLogin, whileClosing: whileClosing)
        let waiter = AMIActionWaiter<AMIMessage>(action: action.name)
        return try await waiter.wait {
            register(
                id,
                .single(waiter),
                action: action.name,
                epoch: current.epoch,
                timeout: timeout ?? configuration.actionTimeout
            )
            write(bytes, on: current.channel)
        }
    }

    /// Sends a list action (`CoreShowChannels`, `QueueStatus`, …) and collects its items up to `…Complete`.
    public func sendList(_ action: AMIAction, timeout: Duration? = nil) async throws -> AMIListResult {
        let (id, bytes, current) = try prepare(action)
        let waiter = AMIActionWaiter<AMIListResult>(action: action.name)
        return try await waiter.wait {
            register(
                id,
                .list(waiter, response: nil, items: []),
                action: action.name,
                epoch: current.epoch,
                timeout: timeout ?? configuration.actionTimeout
            )
            write(bytes, on: current.channel)
        }
    }

    /// Sends an `Async: true` Originate and waits for its `OriginateResponse` (which is also published on
    /// ``events``, since it is a broadcast event of the call). Cancelling the calling task ends the wait at once
    /// (``AMIClientError/cancelled(action:)``); the call Asterisk may already be making is not touched.
    public func originate(_ originate: AMIOriginate, timeout: Duration? = nil) async throws -> AMIOriginateResult {
        let action = originate.action
        let (id, bytes, current) = try prepare(action)
        let deadline =
            timeout
            ?? (configuration.originateGrace
                + .milliseconds(originate.timeoutMilliseconds ?? 30000))
        let waiter = AMIActionWaiter<AMIOriginateResult>(action: action.name)
        return try await waiter.wait {
            register(
                id,
                .originate(waiter, response: nil),
                action: action.name,
                epoch: current.epoch,
                timeout: deadline
            )
            write(bytes, on: current.channel)
        }
    }

    /// Sends a Ping and returns the reply (`Ping: Pong`, `Timestamp:` of the server's clock).
    public func ping(timeout: Duration? = nil) async throws -> AMIMessage {
        try await send(.ping, timeout: timeout ?? configuration.pingTimeout)
    }

    func prepare(
        _ action: AMIAction,
        duringLogin: Bool = false,
        whileClosing: Bool = false
    ) throws
        -> (String, [UInt8], Connection)
    {
        nextActionNumber += 1
        let id = "\(configuration.actionIDPrefix)-\(nextActionNumber)"
        let bytes: [UInt8]
        do {
            bytes = try action.encoded(actionID: id)
        } catch {
            throw AMIClientError.refused(error)
        }
        guard !isClosed || whileClosing else { throw AMIClientError.closed }
        guard let current = connection, current.loggedIn || duringLogin else { throw AMIClientError.notConnected }
        return (id, bytes, current)
    }

    func register(_ id: String, _ state: Pending, action: String, epoch: Int, timeout: Duration) {
        let timeoutTask = Task { [weak self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            await self?.expire(id, after: timeout)
        }
        pending[id] = PendingEntry(state: state, actionName: action, epoch: epoch, timeoutTask: timeoutTask)
    }

    nonisolated func write(_ bytes: [UInt8], on channel: any Channel) {
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }

    func expire(_ id: String, after timeout: Duration) {
        guard let entry = pending.removeValue(forKey: id) else { return }
        Self.fail(entry.state, AMIClientError.timeout(action: entry.actionName, after: timeout))
    }

    func complete(_ id: String) -> PendingEntry? {
        guard let entry = pending.removeValue(forKey: id) else { return nil }
        entry.timeoutTask?.cancel()
        return entry
    }

    static func fail(_ state: Pending, _ error: AMIClientError) {
        switch state {
        case .single(let continuation): continuation.resume(throwing: error)
        case .list(let continuation, _, _): continuation.resume(throwing: error)
        case .originate(let continuation, _): continuation.resume(throwing: error)
        }
    }

    func failAll(epoch: Int?, _ error: (String) -> AMIClientError) {
        for (id, entry) in pending where epoch == nil || entry.epoch == epoch {
            _ = complete(id)
            Self.fail(entry.state, error(entry.actionName))
        }
    }
}
