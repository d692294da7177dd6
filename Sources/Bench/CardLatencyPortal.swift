import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A minimal Bitrix24 portal on 127.0.0.1 for `engine bench cards`: plain NIO HTTP/1.1, no rate limit, answering
/// the webhook routes the way the portal does (`{"result": …, "time": {…}}`; `batch` with `result`/`result_error`)
/// for the methods the default rules send while a call rings: `register` (a fresh CALL_ID), `searchCrmEntities`
/// (nobody found), `show`/`hide` (`true`), anything else `true`.
///
/// It notes the monotonic time at which each request's head arrived and attributes it to every
/// `telephony.externalcall.show` the request carries (a batch carries many): that is the moment the card's bytes
/// reached the portal. It answers `rtt` after the request arrived (`--portal-rtt`: a cloud portal is 30–150 ms away),
/// at once by default, so the portal adds as little as possible to the figures.
public final class CardLatencyPortal: Sendable {
    /// A show as the portal received it.
    struct Show: Sendable {
        /// The EXTERNAL_CALL_ID the shown call was registered with.
        let externalCallID: String
        let users: [Int]
        /// When the head of the request carrying it arrived.
        let received: ContinuousClock.Instant
    }

    struct State {
        var externalByCallID: [String: String] = [:]
        var callIDByExternal: [String: String] = [:]
        var registers: [String: Int] = [:]  // EXTERNAL_CALL_ID → registers seen
        var shows: [Show] = []
        var requests = 0
        var commands: [String: Int] = [:]  // method → count (batches unfolded)
        var nextCallID = 0
        var showWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    let state = Mutex(State())
    private let channel: Mutex<(any Channel)?> = Mutex(nil)
    /// The bound port.
    let port: Int
    /// How long after a request's arrival it is answered.
    let rtt: Duration
    static let secret = "benchcards7f3a"

    /// The webhook URL a ``Bitrix24WebhookAuth`` takes.
    var webhookURL: String { "http://127.0.0.1:\(port)/rest/1/\(Self.secret)/" }

    private init(port: Int, rtt: Duration) {
        self.port = port
        self.rtt = rtt
    }

    /// Listens on 127.0.0.1 (ephemeral port); answers `rtt` after each request arrived.
    static func start(
        rtt: Duration = .zero,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> CardLatencyPortal {
        let box = Mutex<CardLatencyPortal?>(nil)
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMapThrowing {
                    guard let portal = box.withLock({ $0 }) else { throw ChannelError.ioOnClosedChannel }
                    try channel.pipeline.syncOperations.addHandler(Handler(portal: portal))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let portal = CardLatencyPortal(port: server.localAddress?.port ?? 0, rtt: rtt)
        box.withLock { $0 = portal }
        portal.channel.withLock { $0 = server }
        return portal
    }

    func stop() async {
        let server = channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await server?.close()
        releaseWaiters()
    }

    /// Resumes every ``waitForShows(_:)`` now.
    func releaseWaiters() {
        let waiters = state.withLock { state in
            defer { state.showWaiters = [] }
            return state.showWaiters
        }
        for waiter in waiters { waiter.continuation.resume() }
    }

    // MARK: Observation

    var shows: [Show] { state.withLock { $0.shows } }
    var requestCount: Int { state.withLock { $0.requests } }
    /// Commands received per method (lower-cased), batches unfolded.
    public var commandCounts: [String: Int] { state.withLock { $0.commands } }
    /// Registers received per EXTERNAL_CALL_ID.
    public var registers: [String: Int] { state.withLock { $0.registers } }

    /// Returns once `count` shows have arrived in total (or the portal stopped).
    func waitForShows(_ count: Int) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.shows.count >= count { return true }
                state.showWaiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    // MARK: Answering

    /// The answer (a JSON envelope) to one request: `method` from the path, its JSON body, received at `received`.
    func answer(method: String, body: [String: Any], received: ContinuousClock.Instant) -> Data {
        let (answer, ready) = state.withLock { state -> (Data, [CheckedContinuation<Void, Never>]) in
            state.requests += 1
            let result: Any
            if method == "batch" {
                var results: [String: Any] = [:]
                let commands = body["cmd"] as? [String: Any] ?? [:]
                // Body order matters for `$result[key]` references: keys are `c<outbox id>`, increasing.
                for key in commands.keys.sorted(by: { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }) {
                    guard let command = commands[key] as? String else { continue }
                    let (name, params) = Self.parseCommand(command, results: results)
                    results[key] = perform(name, params, received: received, &state)
                }
                result = [
                    "result": results, "result_error": [Any](), "result_total": [Any](),
                    "result_next": [Any](), "result_time": [Any](),
                ]
            } else {
                result = perform(method, body, received: received, &state)
            }
            let count = state.shows.count
            let ready = state.showWaiters.filter { $0.count <= count }.map(\.continuation)
            state.showWaiters.removeAll { $0.count <= count }
            let now = Date().timeIntervalSince1970
            let envelope: [String: Any] = [
                "result": result,
                "time": ["start": now, "finish": now, "duration": 0.0001, "processing": 0.0001, "operating": 0],
            ]
            return ((try? JSONSerialization.data(withJSONObject: envelope)) ?? Data("{}".utf8), ready)
        }
        for waiter in ready { waiter.resume() }
        return answer
    }

    private func perform(
        _ method: String,
        _ params: [String: Any],
        received: ContinuousClock.Instant,
        _ state: inout State
    ) -> Any {
        let method = method.lowercased()
        state.commands[method, default: 0] += 1
        switch method {
        case "telephony.externalcall.register":
            let external = params["EXTERNAL_CALL_ID"] as? String ?? ""
            state.registers[external, default: 0] += 1
            if let known = state.callIDByExternal[external] {
                return ["CALL_ID": known, "CRM_CREATED_LEAD": NSNull(), "CRM_ENTITY_TYPE": "", "CRM_ENTITY_ID": 0]
            }
            state.nextCallID += 1
            let callID = "externalCall.\(String(state.nextCallID, radix: 16)).bench"
            state.externalByCallID[callID] = external
            state.callIDByExternal[external] = callID
            return ["CALL_ID": callID, "CRM_CREATED_LEAD": NSNull(), "CRM_ENTITY_TYPE": "", "CRM_ENTITY_ID": 0]
        case "telephony.externalcall.searchcrmentities":
            return [Any]()
        case "telephony.externalcall.show":
            let callID = params["CALL_ID"] as? String ?? ""
            let users = (params["USER_ID"] as? [Any] ?? [params["USER_ID"] as Any]).compactMap { value -> Int? in
                if let number = value as? Int { return number }
                return (value as? String).flatMap { Int($0) }
            }
            guard let external = state.externalByCallID[callID] else { return false }
            state.shows.append(Show(externalCallID: external, users: users, received: received))
            return true
        default:
            return true
        }
    }

    /// `method?A=1&USER_ID%5B0%5D=11` → (method, params); `USER_ID[0]` becomes an array, `$result[key][F]` is
    /// replaced with field `F` of an earlier command's result.
    static func parseCommand(_ command: String, results: [String: Any]) -> (String, [String: Any]) {
        let parts = command.split(separator: "?", maxSplits: 1).map(String.init)
        var params: [String: Any] = [:]
        guard parts.count == 2 else { return (parts.first ?? command, params) }
        for pair in parts[1].split(separator: "&") {
            let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = keyValue[0].removingPercentEncoding ?? keyValue[0]
            var value: Any = keyValue.count > 1 ? (keyValue[1].removingPercentEncoding ?? keyValue[1]) : ""
            if let text = value as? String, text.hasPrefix("$result[") {
                let fields = text.dropFirst("$result".count).split(separator: "]").map { String($0.dropFirst()) }
                var current: Any? = fields.first.flatMap { results[$0] }
                for field in fields.dropFirst() { current = (current as? [String: Any])?[field] }
                value = current ?? ""
            }
            if let bracket = key.firstIndex(of: "[") {
                let base = String(key[..<bracket])
                var list = params[base] as? [Any] ?? []
                list.append(value)
                params[base] = list
            } else {
                params[key] = value
            }
        }
        return (parts[0], params)
    }

    /// One HTTP connection: head → time noted; body collected; end → answer.
    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let portal: CardLatencyPortal
        var head: HTTPRequestHead?
        var received = ContinuousClock.now
        var body = ByteBuffer()

        init(portal: CardLatencyPortal) { self.portal = portal }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let requestHead):
                received = ContinuousClock.now
                head = requestHead
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let head else { return }
                let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
                var method = path.split(separator: "/").last.map(String.init) ?? ""
                if method.hasSuffix(".json") { method.removeLast(".json".count) }
                let json =
                    body.readableBytes > 0
                    ? (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
                    : [:]
                let bytes = portal.answer(method: method, body: json, received: received)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
                headers.add(name: "Content-Length", value: String(bytes.count))
                let keepAlive = head.isKeepAlive
                if !keepAlive { headers.add(name: "Connection", value: "close") }
                let responseHead = HTTPResponseHead(version: head.version, status: .ok, headers: headers)
                let respond = { [self] in
                    context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
                    let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
                    if !keepAlive { done.whenComplete { [context] _ in context.close(promise: nil) } }
                }
                let delay = received + portal.rtt - ContinuousClock.now
                if delay > .zero {
                    let nanoseconds =
                        delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
                    context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) { respond() }
                } else {
                    respond()
                }
                self.head = nil
            }
        }
    }
}
