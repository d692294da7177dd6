import Foundation
public import NIOCore
import NIOPosix

/// An AMI client over SwiftNIO: login (plain or MD5), actions correlated by ActionID with deadlines, list actions,
/// async Originate, Ping keepalive with a reply deadline, and reconnect with jittered exponential backoff.
///
/// Events arrive on ``events`` (one consumer); link changes, including every gap in the event stream, on
/// ``linkEvents``. An event is routed to a pending action only while that action waits for it (list items of an
/// open list, the `OriginateResponse` of our Originate); everything else — also `UserEvent`s carrying one of our
/// ActionIDs — is an ordinary event.
public actor AMIClient {
    private struct Connection {
        let channel: any Channel
        let epoch: Int
        var banner: String?
        var bannerWaiter: CheckedContinuation<String, any Error>?
        var closeReason: AMIDisconnectReason?
        var pingTask: Task<Void, Never>?
        var loggedIn = false
    }

    private enum Pending {
        case single(CheckedContinuation<AMIMessage, any Error>)
        case list(CheckedContinuation<AMIListResult, any Error>, response: AMIMessage?, items: [AMIMessage])
        case originate(CheckedContinuation<AMIOriginateResult, any Error>, response: AMIMessage?)
    }

    private struct PendingEntry {
        var state: Pending
        let actionName: String
        let epoch: Int
        var timeoutTask: Task<Void, Never>?
    }

    /// The configuration in use.
    public nonisolated let configuration: AMIClientConfiguration
    /// Events (and replies nobody waits for), in wire order. Unbounded: the socket is never left unread.
    public nonisolated let events: AsyncStream<AMIMessage>
    /// Link changes, in order.
    public nonisolated let linkEvents: AsyncStream<AMILinkEvent>

    private let eventSink: AsyncStream<AMIMessage>.Continuation
    private let linkSink: AsyncStream<AMILinkEvent>.Continuation
    private let group: any EventLoopGroup
    private var connection: Connection?
    private var pending: [String: PendingEntry] = [:]
    private var nextActionNumber = 0
    private var nextEpoch = 0
    private var isClosed = false
    private var reconnectTask: Task<Void, Never>?
    private var decodingErrorCount = 0

    /// Creates a client; nothing happens until ``connect()``.
    public init(configuration: AMIClientConfiguration,
                eventLoopGroup: (any EventLoopGroup)? = nil) {
        self.configuration = configuration
        self.group = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        (events, eventSink) = AsyncStream.makeStream(of: AMIMessage.self, bufferingPolicy: .unbounded)
        (linkEvents, linkSink) = AsyncStream.makeStream(of: AMILinkEvent.self, bufferingPolicy: .unbounded)
    }

    /// Whether a logged-in session is up.
    public var isConnected: Bool { connection != nil }

    /// Messages the decoder reported as too large on the current and past connections.
    public var decodingErrors: Int { decodingErrorCount }

    // MARK: Lifecycle

    /// Connects and logs in. Throws ``AMIClientError`` when the first session cannot be set up; after that, lost
    /// sessions are rebuilt in the background and reported on ``linkEvents``.
    public func connect() async throws {
        guard !isClosed else { throw AMIClientError.closed }
        let banner = try await establish()
        linkSink.yield(.connected(banner: banner))
    }

    /// Logs off (best effort, waiting at most one second for the Goodbye), closes the connection and ends both
    /// streams. Pending actions fail with ``AMIClientError/closed``.
    public func close() async {
        guard !isClosed else { return }
        isClosed = true
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
        eventSink.finish()
        linkSink.finish()
    }

    /// Drops the current connection as if the network failed (the client then reconnects). For tests and drills.
    public func dropConnection() {
        connection?.channel.close(promise: nil)
    }

    // MARK: Actions

    /// Sends `action` and returns its reply. A `Response: Error` reply throws ``AMIClientError/actionFailed``.
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

    private func sendAllowingError(_ action: AMIAction, timeout: Duration?, duringLogin: Bool,
                                   whileClosing: Bool = false) async throws -> AMIMessage {
        let (id, bytes, current) = try prepare(action, duringLogin: duringLogin, whileClosing: whileClosing)
        return try await withCheckedThrowingContinuation { continuation in
            register(id, .single(continuation), action: action.name, epoch: current.epoch,
                     timeout: timeout ?? configuration.actionTimeout)
            write(bytes, on: current.channel)
        }
    }

    /// Sends a list action (`CoreShowChannels`, `QueueStatus`, …) and collects its items up to `…Complete`.
    public func sendList(_ action: AMIAction, timeout: Duration? = nil) async throws -> AMIListResult {
        let (id, bytes, current) = try prepare(action)
        return try await withCheckedThrowingContinuation { continuation in
            register(id, .list(continuation, response: nil, items: []), action: action.name, epoch: current.epoch,
                     timeout: timeout ?? configuration.actionTimeout)
            write(bytes, on: current.channel)
        }
    }

    /// Sends an `Async: true` Originate and waits for its `OriginateResponse` (which is also published on
    /// ``events``, since it is a broadcast event of the call).
    public func originate(_ originate: AMIOriginate, timeout: Duration? = nil) async throws -> AMIOriginateResult {
        let action = originate.action
        let (id, bytes, current) = try prepare(action)
        let deadline = timeout ?? (configuration.originateGrace
            + .milliseconds(originate.timeoutMilliseconds ?? 30000))
        return try await withCheckedThrowingContinuation { continuation in
            register(id, .originate(continuation, response: nil), action: action.name, epoch: current.epoch,
                     timeout: deadline)
            write(bytes, on: current.channel)
        }
    }

    /// Sends a Ping and returns the reply (`Ping: Pong`, `Timestamp:` of the server's clock).
    public func ping(timeout: Duration? = nil) async throws -> AMIMessage {
        try await send(.ping, timeout: timeout ?? configuration.pingTimeout)
    }

    private func prepare(_ action: AMIAction, duringLogin: Bool = false, whileClosing: Bool = false) throws
        -> (String, [UInt8], Connection) {
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

    private func register(_ id: String, _ state: Pending, action: String, epoch: Int, timeout: Duration) {
        let timeoutTask = Task { [weak self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            await self?.expire(id, after: timeout)
        }
        pending[id] = PendingEntry(state: state, actionName: action, epoch: epoch, timeoutTask: timeoutTask)
    }

    private nonisolated func write(_ bytes: [UInt8], on channel: any Channel) {
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }

    private func expire(_ id: String, after timeout: Duration) {
        guard let entry = pending.removeValue(forKey: id) else { return }
        Self.fail(entry.state, AMIClientError.timeout(action: entry.actionName, after: timeout))
    }

    private func complete(_ id: String) -> PendingEntry? {
        guard let entry = pending.removeValue(forKey: id) else { return nil }
        entry.timeoutTask?.cancel()
        return entry
    }

    private static func fail(_ state: Pending, _ error: AMIClientError) {
        switch state {
        case .single(let continuation): continuation.resume(throwing: error)
        case .list(let continuation, _, _): continuation.resume(throwing: error)
        case .originate(let continuation, _): continuation.resume(throwing: error)
        }
    }

    private func failAll(epoch: Int?, _ error: (String) -> AMIClientError) {
        for (id, entry) in pending where epoch == nil || entry.epoch == epoch {
            _ = complete(id)
            Self.fail(entry.state, error(entry.actionName))
        }
    }

    // MARK: Inbound

    private func receive(_ item: AMIStreamItem, epoch: Int) {
        guard connection?.epoch == epoch else { return }
        switch item {
        case .frame(.banner(let banner)):
            connection?.banner = banner
            if let waiter = connection?.bannerWaiter {
                connection?.bannerWaiter = nil
                waiter.resume(returning: banner)
            }
        case .frame(.error):
            decodingErrorCount += 1
        case .frame(.message(let message)):
            route(message)
        case .closed(let error):
            connectionEnded(epoch: epoch, error: error)
        }
    }

    private func route(_ message: AMIMessage) {
        guard let id = message.actionID, let entry = pending[id] else {
            eventSink.yield(message)
            return
        }
        switch (message.kind, entry.state) {
        case (.response, .single(let continuation)):
            _ = complete(id)
            continuation.resume(returning: message)
        case (.response, .list(let continuation, nil, _)):
            if message["Response"]?.lowercased() == "error" {
                _ = complete(id)
                continuation.resume(throwing: AMIClientError.actionFailed(action: entry.actionName,
                                                                        message: message["Message"]))
            } else if message.opensList {
                pending[id]?.state = .list(continuation, response: message, items: [])
            } else {
                _ = complete(id)
                continuation.resume(returning: AMIListResult(response: message, items: [], completion: nil))
            }
        case (.response, .originate(let continuation, nil)):
            if message["Response"]?.lowercased() == "error" {
                _ = complete(id)
                continuation.resume(throwing: AMIClientError.actionFailed(action: entry.actionName,
                                                                        message: message["Message"]))
            } else {
                pending[id]?.state = .originate(continuation, response: message)
            }
        case (.event, .list(let continuation, .some(let response), var items)):
            if message.closesList || (message.name ?? "").hasSuffix("Complete") {
                _ = complete(id)
                continuation.resume(returning: AMIListResult(response: response, items: items, completion: message))
            } else {
                items.append(message)
                pending[id]?.state = .list(continuation, response: response, items: items)
            }
        case (.event, .originate(let continuation, let response)) where message.name == "OriginateResponse":
            _ = complete(id)
            eventSink.yield(message)
            continuation.resume(returning: AMIOriginateResult(response: response, outcome: message))
        default:
            eventSink.yield(message)
        }
    }

    // MARK: Connection management

    private func establish() async throws -> String {
        let (stream, sink) = AsyncStream.makeStream(of: AMIStreamItem.self, bufferingPolicy: .unbounded)
        let limit = configuration.messageSizeLimit
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.nanoseconds(Int64(AMIReconnectBackoff.seconds(configuration.connectTimeout) * 1e9)))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            AMIStreamHandler(decoder: AMIFrameDecoder(messageSizeLimit: limit), sink: sink))
                    }
                }
                .connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw AMIClientError.connectionFailed(host: configuration.host, port: configuration.port,
                                                  reason: String(describing: error))
        }
        nextEpoch += 1
        let epoch = nextEpoch
        connection = Connection(channel: channel, epoch: epoch)
        Task { [weak self] in
            for await item in stream { await self?.receive(item, epoch: epoch) }
        }
        do {
            let banner = try await awaitBanner(epoch: epoch)
            try await login()
            startKeepalive(epoch: epoch)
            return banner
        } catch {
            if connection?.epoch == epoch {
                connection = nil
                failAll(epoch: epoch) { .connectionLost(action: $0) }
            }
            channel.close(promise: nil)
            throw error
        }
    }

    private func awaitBanner(epoch: Int) async throws -> String {
        if let banner = connection?.banner { return banner }
        let deadline = configuration.actionTimeout
        let timer = Task { [weak self] in
            do { try await Task.sleep(for: deadline) } catch { return }
            await self?.bannerTimedOut(epoch: epoch, after: deadline)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            connection?.bannerWaiter = continuation
        }
    }

    private func bannerTimedOut(epoch: Int, after deadline: Duration) {
        guard connection?.epoch == epoch, let waiter = connection?.bannerWaiter else { return }
        connection?.bannerWaiter = nil
        waiter.resume(throwing: AMIClientError.noBanner(after: deadline))
    }

    private func login() async throws {
        let credentials = configuration.credentials
        let action: AMIAction
        switch credentials.method {
        case .plain:
            action = .login(username: credentials.username, secret: credentials.secret, events: configuration.events)
        case .md5:
            let challenge = try await sendAllowingError(.md5Challenge, timeout: nil, duringLogin: true)
            guard let value = challenge["Challenge"] else {
                throw AMIClientError.authenticationFailed(message: "no Challenge in the reply")
            }
            action = .login(username: credentials.username, challenge: value, secret: credentials.secret,
                            events: configuration.events)
        }
        let reply = try await sendAllowingError(action, timeout: nil, duringLogin: true)
        guard reply["Response"]?.lowercased() == "success" else {
            throw AMIClientError.authenticationFailed(message: reply["Message"])
        }
        connection?.loggedIn = true
    }

    private func startKeepalive(epoch: Int) {
        guard let interval = configuration.pingInterval else { return }
        connection?.pingTask = Task { [weak self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                guard let self else { return }
                do {
                    _ = try await self.ping()
                } catch AMIClientError.timeout {
                    await self.dropForPingTimeout(epoch: epoch)
                    return
                } catch {
                    return
                }
            }
        }
    }

    private func dropForPingTimeout(epoch: Int) {
        guard connection?.epoch == epoch else { return }
        connection?.closeReason = .pingTimeout
        connection?.channel.close(promise: nil)
    }

    private func connectionEnded(epoch: Int, error: (any Error)?) {
        guard let ended = connection, ended.epoch == epoch else { return }
        connection = nil
        ended.pingTask?.cancel()
        if let waiter = ended.bannerWaiter {
            waiter.resume(throwing: AMIClientError.connectionLost(action: "banner"))
        }
        failAll(epoch: epoch) { .connectionLost(action: $0) }
        // A session that never logged in is a failed attempt (thrown from connect() or reported as
        // reconnectFailed), not a lost link.
        guard ended.loggedIn else { return }
        let reason = ended.closeReason ?? .connectionClosed(error.map { String(describing: $0) })
        let start = Date()
        linkSink.yield(.disconnected(reason: reason, at: start))
        guard !isClosed, reconnectTask == nil else { return }
        reconnectTask = Task { [weak self] in await self?.reconnect(since: start) }
    }

    private func reconnect(since start: Date) async {
        var attempt = 0
        var delay = configuration.backoff.delay(beforeAttempt: attempt)
        while !isClosed && !Task.isCancelled {
            do { try await Task.sleep(for: delay) } catch { break }
            if isClosed { break }
            do {
                let banner = try await establish()
                reconnectTask = nil
                linkSink.yield(.reconnected(banner: banner, gap: AMILinkGap(start: start, end: Date())))
                return
            } catch {
                let clientError = (error as? AMIClientError) ?? .connectionFailed(
                    host: configuration.host, port: configuration.port, reason: String(describing: error))
                attempt += 1
                delay = configuration.backoff.delay(beforeAttempt: attempt)
                linkSink.yield(.reconnectFailed(attempt: attempt, error: clientError, nextDelay: delay))
            }
        }
        reconnectTask = nil
    }
}
