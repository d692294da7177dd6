public import AMIProtocol
import Adapters
public import NIOCore
import NIOPosix
import Synchronization

/// A test AMI server on 127.0.0.1 (real TCP, ephemeral port): banner, Login (plain and MD5, configurable to fail),
/// scripted replies, `CoreShowChannels` (``setChannels(_:)``), capture replay, Originate answered by a rewritten
/// capture (``AMIOriginateRewrite``), and fault injection (drop connections, stop answering Ping). It records every
/// action it receives. Like Asterisk, it applies the user's manager.conf settings (``Configuration/init(manager:
/// user:)``): `read` classes, the login's `Events` mask and `eventfilter` lines decide which events a session gets,
/// `write` classes which actions it may send, `timestampevents` whether events carry `Timestamp:`.
public final class AMITestServer: Sendable {
    /// Server settings.
    public struct Configuration: Sendable {
        /// What Ping's `Timestamp:` says.
        public enum PingClock: Sendable {
            /// The time of the recorded captures (1795564211.512953), always.
            case recorded
            /// This host's clock plus `offset` seconds (a PBX whose clock is off).
            case wallClock(offset: Double)
        }

        /// The greeting line.
        public var banner: String
        /// The accepted user.
        public var username: String
        /// The accepted secret.
        public var secret: AMISecret
        /// Whether a correct Login is accepted (false: every Login fails, as with a wrong secret).
        public var acceptsLogin: Bool
        /// The user's `read =`: events of other classes are not sent.
        public var readClasses: AMIClassSet = .all
        /// The user's `write =`: actions needing other classes are answered `Permission denied`.
        public var writeClasses: AMIClassSet = .all
        /// The user's `eventfilter` lines.
        public var eventFilters = AMIEventFilterSet()
        /// manager.conf `timestampevents`: when false, `Timestamp:` is taken out of events (the captures have it).
        public var timestampEvents = true
        /// Ping's clock.
        public var pingClock = PingClock.recorded
        /// `CoreSettings`' `AsteriskVersion`.
        public var asteriskVersion = "22.10.1"
        /// Events each session gets right after its login (and `FullyBooted`), through its filters.
        public var eventsAfterLogin: [AMIMessage] = []

        /// Creates settings (Asterisk 22's banner, user `admin`).
        public init(
            banner: String = "Asterisk Call Manager/11.0.0",
            username: String = "admin",
            secret: AMISecret = AMISecret("amp111"),
            acceptsLogin: Bool = true
        ) {
            self.banner = banner
            self.username = username
            self.secret = secret
            self.acceptsLogin = acceptsLogin
        }

        /// Settings of the manager.conf user `user` (its secret, classes and filters; `timestampevents` of
        /// `[general]`); nil when the file has no such user.
        public init?(manager conf: ManagerConf, user: String) {
            guard let section = conf.user(named: user) else { return nil }
            self.init(username: section.name, secret: section.secret ?? AMISecret(""))
            readClasses = section.read
            writeClasses = section.write
            eventFilters = section.eventFilters
            timestampEvents = conf.general.timestampEvents
        }

        /// Whether sessions get every event unchanged (no classes, filters or timestamps to apply).
        var deliversEverything: Bool {
            readClasses == .all && eventFilters.filters.isEmpty && timestampEvents
        }
    }

    /// Why waiting for something on the server failed.
    public enum WaitError: Error, Sendable {
        /// It did not happen within the deadline.
        case timedOut(String)
    }

    struct Session {
        let channel: any Channel
        var loggedIn = false
        var challenge: String?
        /// The classes the login's `Events:` (or a later `Action: Events`) asked for.
        var eventMask = AMIClassSet.all
    }

    struct Waiter {
        let matches: @Sendable (State) -> Bool
        let continuation: CheckedContinuation<Void, any Error>
    }

    struct State {
        var configuration: Configuration
        var sessions: [Int: Session] = [:]
        var nextSessionID = 0
        var received: [AMIMessage] = []
        var logins = 0
        var failedLogins = 0
        var scripts: [String: AMIScriptedReply] = [:]
        var answersPing = true
        var originateCapture: (capture: AMICapture, speed: AMIReplaySpeed)?
        var channels: [AMIMessage] = []
        var waiters: [Int: Waiter] = [:]
        var nextWaiterID = 0
        var actionObservers: [@Sendable (AMIMessage, ContinuousClock.Instant) -> Void] = []
        /// Replays an action started (a scripted Originate's call), until they end; ``stop()`` awaits them.
        var replays: [Int: Task<Void, Never>] = [:]
        var nextReplayID = 0
    }

    let state: Mutex<State>
    private let serverChannel: Mutex<(any Channel)?> = Mutex(nil)

    /// The port the server listens on (127.0.0.1).
    public let port: Int

    private init(configuration: Configuration, port: Int) {
        self.state = Mutex(State(configuration: configuration))
        self.port = port
    }

    /// Starts a server on 127.0.0.1 and an ephemeral port.
    public static func start(
        configuration: Configuration = Configuration(),
        eventLoopGroup: (any EventLoopGroup)? = nil
    ) async throws -> AMITestServer {
        let group = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
        let box = Mutex<AMITestServer?>(nil)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let server = box.withLock({ $0 }) else { throw ChannelError.ioOnClosedChannel }
                    try channel.pipeline.syncOperations.addHandler(AMITestServerSessionHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = AMITestServer(configuration: configuration, port: channel.localAddress?.port ?? 0)
        box.withLock { $0 = server }
        server.serverChannel.withLock { $0 = channel }
        return server
    }

    /// Stops listening and closes every session.
    public func stop() async {
        let channel = serverChannel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await channel?.close()
        // Closed, not just told to close: once stop returns, nothing a client writes is read any more.
        let sessions = state.withLock { $0.sessions.values.map(\.channel) }
        for session in sessions { try? await session.close() }
        let replays = state.withLock { state in
            defer { state.replays = [:] }
            return state.replays.values
        }
        for replay in replays {
            replay.cancel()
            await replay.value
        }
    }

    // MARK: Controls

    /// Sets how the server answers `action` (name compared ignoring case).
    public func script(_ action: String, _ reply: AMIScriptedReply) {
        state.withLock { $0.scripts[action.lowercased()] = reply }
    }

    /// Whether Ping gets `Ping: Pong` (false: Ping is ignored, as on a half-open link).
    public func setAnswersPing(_ answers: Bool) {
        state.withLock { $0.answersPing = answers }
    }

    /// Whether Login succeeds.
    public func setAcceptsLogin(_ accepts: Bool) {
        state.withLock { $0.configuration.acceptsLogin = accepts }
    }

    /// Changes the settings while running (sessions already logged in keep their event mask).
    public func updateConfiguration(_ change: (inout Configuration) -> Void) {
        state.withLock { change(&$0.configuration) }
    }

    /// Calls `observer` with every action as soon as it is decoded, with the time it was (for latency figures).
    public func observeActions(_ observer: @escaping @Sendable (AMIMessage, ContinuousClock.Instant) -> Void) {
        state.withLock { $0.actionObservers.append(observer) }
    }

    /// Answers the next Originates by replaying `capture`, rewritten per ``AMIOriginateRewrite``.
    public func scriptOriginate(with capture: AMICapture, speed: AMIReplaySpeed = .instant) {
        state.withLock { $0.originateCapture = (capture, speed) }
    }

    /// Sets the channels `CoreShowChannels` lists (one `CoreShowChannel` item each, in order; empty by default).
    /// Each message holds a channel's snapshot (`Channel`, `Uniqueid`, `Linkedid`, `ChannelState`, `CallerIDNum`,
    /// `Context`, `Exten`, …); an `Event`, `ActionID` or `Privilege` header in it is replaced.
    public func setChannels(_ channels: [AMIMessage]) {
        state.withLock { $0.channels = channels }
    }

    /// Closes every client connection (the listener stays up, so clients can reconnect).
    public func dropConnections() {
        let channels = state.withLock { $0.sessions.values.map(\.channel) }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Closes every client connection once what was written to it has gone out to the socket (a cut after the events
    /// sent so far, not in their middle: a plain close drops writes still pending); the listener stays up.
    public func dropConnectionsAfterWrites() async {
        let channels = state.withLock { $0.sessions.values.map(\.channel) }
        for channel in channels {
            let written = channel.eventLoop.makePromise(of: Void.self)
            channel.writeAndFlush(ByteBuffer(), promise: written)
            try? await written.futureResult.get()
            try? await channel.close()
        }
    }

    /// Sends `messages` to every logged-in session, each through that session's classes and filters.
    public func broadcast(_ messages: [AMIMessage]) {
        let (sessions, configuration) = state.withLock { state in
            (state.sessions.values.filter(\.loggedIn), state.configuration)
        }
        var shared: [UInt8]?
        for session in sessions {
            var bytes: [UInt8] = []
            if configuration.deliversEverything, session.eventMask == .all {
                if shared == nil {
                    var all: [UInt8] = []
                    for message in messages { message.encode(into: &all) }
                    shared = all
                }
                bytes = shared ?? []
            } else {
                for message in messages {
                    Self.deliverable(message, to: session, configuration)?.encode(into: &bytes)
                }
            }
            if !bytes.isEmpty { session.channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil) }
        }
    }

    /// `message` as `session` receives it, or nil when Asterisk would not send it there: an event whose class is
    /// outside the user's `read` or the session's mask, or that the user's eventfilter drops. Without
    /// `timestampevents` the `Timestamp:` header is taken out.
    static func deliverable(_ message: AMIMessage, to session: Session, _ configuration: Configuration) -> AMIMessage? {
        guard message.kind == .event else { return message }
        if let classes = AMIClassSet.privilege(of: message) {
            guard configuration.readClasses.isSuperset(of: classes), session.eventMask.isSuperset(of: classes) else {
                return nil
            }
        }
        guard configuration.eventFilters.allows(message) else { return nil }
        guard !configuration.timestampEvents, message.contains("Timestamp") else { return message }
        return AMIMessage(message.headers.filter { $0.name.lowercased() != "timestamp" })
    }

    /// Replays the events of `capture` (recorded Responses are skipped) to every logged-in session.
    public func replay(_ capture: AMICapture, speed: AMIReplaySpeed = .instant) async {
        await replay(events: capture.events, speed: speed)
    }

    /// Replays `events` to every logged-in session at `speed`.
    public func replay(events: [AMIMessage], speed: AMIReplaySpeed) async {
        guard case .scaled(let factor) = speed, factor > 0 else {
            broadcast(events)
            return
        }
        var previous: Double?
        for event in events {
            if let stamp = event["Timestamp"].flatMap(Double.init) {
                if let previous, stamp > previous {
                    try? await Task.sleep(for: .nanoseconds(Int64((stamp - previous) / factor * 1e9)))
                }
                previous = stamp
            }
            broadcast([event])
        }
    }

    // MARK: Observation

    /// Every action received, in order.
    public var receivedActions: [AMIMessage] { state.withLock { $0.received } }

    /// Successful logins so far.
    public var loginCount: Int { state.withLock { $0.logins } }

    /// Failed logins so far.
    public var failedLoginCount: Int { state.withLock { $0.failedLogins } }

    /// Open client connections.
    public var sessionCount: Int { state.withLock { $0.sessions.count } }

    /// Waits until `occurrence` actions named `name` have arrived and returns the last of them.
    @discardableResult
    public func waitForAction(
        named name: String,
        occurrence: Int = 1,
        timeout: Duration = .seconds(5)
    )
        async throws -> AMIMessage
    {
        let lowered = name.lowercased()
        try await wait(timeout: timeout, what: "action \(name) #\(occurrence)") { state in
            state.received.filter { $0.name?.lowercased() == lowered }.count >= occurrence
        }
        return state.withLock { state in
            state.received.filter { $0.name?.lowercased() == lowered }[occurrence - 1]
        }
    }

    /// Waits until `count` logins have succeeded in total.
    public func waitForLogins(_ count: Int, timeout: Duration = .seconds(5)) async throws {
        try await wait(timeout: timeout, what: "\(count) logins") { $0.logins >= count }
    }

    private func wait(timeout: Duration, what: String, _ matches: @escaping @Sendable (State) -> Bool) async throws {
        let id = state.withLock { state -> Int? in
            if matches(state) { return nil }
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        guard let id else { return }
        let timer = Task { [weak self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            let waiter = self?.state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(throwing: WaitError.timedOut(what))
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let satisfied = state.withLock { state -> Bool in
                if matches(state) { return true }
                state.waiters[id] = Waiter(matches: matches, continuation: continuation)
                return false
            }
            if satisfied { continuation.resume() }
        }
    }

    private func wakeWaiters() {
        let ready = state.withLock { state -> [Waiter] in
            let ids = state.waiters.filter { $0.value.matches(state) }.map(\.key)
            return ids.compactMap { state.waiters.removeValue(forKey: $0) }
        }
        for waiter in ready { waiter.continuation.resume() }
    }

    // MARK: Sessions (called from the session handler)

    func sessionOpened(_ channel: any Channel) -> Int {
        let (id, banner) = state.withLock { state in
            state.nextSessionID += 1
            state.sessions[state.nextSessionID] = Session(channel: channel)
            return (state.nextSessionID, state.configuration.banner)
        }
        channel.writeAndFlush(ByteBuffer(string: banner + "\r\n"), promise: nil)
        return id
    }

    func sessionClosed(_ id: Int) {
        _ = state.withLock { $0.sessions.removeValue(forKey: id) }
    }

    func handle(_ action: AMIMessage, from sessionID: Int) {
        let now = ContinuousClock.now
        let observers = state.withLock { state in
            state.received.append(action)
            return state.actionObservers
        }
        for observer in observers { observer(action, now) }
        defer { wakeWaiters() }
        guard let channel = state.withLock({ $0.sessions[sessionID]?.channel }) else { return }
        let name = (action.name ?? "").lowercased()
        let (replies, closeAfter, replay) = reply(to: action, named: name, sessionID: sessionID)
        var bytes: [UInt8] = []
        for reply in replies { reply.encode(into: &bytes) }
        if !bytes.isEmpty { channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil) }
        if closeAfter { channel.close(promise: nil) }
        if let replay { startReplay(replay.events, speed: replay.speed) }
    }

    /// Replays `events` in the background (the action that asked for them has been answered), owned by the server.
    private func startReplay(_ events: [AMIMessage], speed: AMIReplaySpeed) {
        state.withLock { state in
            state.nextReplayID += 1
            let id = state.nextReplayID
            state.replays[id] = Task { [weak self] in
                await self?.replay(events: events, speed: speed)
                _ = self?.state.withLock { $0.replays.removeValue(forKey: id) }
            }
        }
    }
}
