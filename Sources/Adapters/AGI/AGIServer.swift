import AGIProtocol
public import Logging
import Metrics
import NIOCore
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// The FastAGI server: Asterisk's dialplan connects (`AGI(agi://127.0.0.1/route)`), sends the request's environment,
/// and waits while a ``AGIRequestHandler`` decides; the answer is a few commands (`SET VARIABLE …`), then the server
/// closes and the dialplan goes on.
///
/// Every connection runs on its event loop (``AGISessionHandler`` over an ``AGISessionStateMachine``, timers on the
/// loop) and is one child task of the server's task group, which decides its request: a session that sends garbage, an
/// over-long line or nothing at all is closed (protocol error, or its time limit) and the others never notice. No
/// answer before the deadline: the session closes with nothing set. A swift-service-lifecycle `Service`; runs once.
public struct AGIServer: Service {
    /// The settings.
    public let configuration: AGIServerConfiguration
    let handler: any AGIRequestHandler
    let logger: Logger
    let port = ListeningPort()
    let sessions = AGISessionCounter()

    /// A server answering with `handler` (typically an ``AGIRouter``).
    public init(
        configuration: AGIServerConfiguration,
        handler: any AGIRequestHandler,
        logger: Logger = Logger(label: "switchboard.agi")
    ) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
    }

    /// Listens and serves until cancelled or gracefully shut down (open sessions are then closed: their dialplans go
    /// on). Throws `HTTPServerError.listenFailed` when the address cannot be bound, `.alreadyStarted` when run twice.
    public func run() async throws {
        let address = configuration.address
        guard port.claimStart() else { throw HTTPServerError.alreadyStarted(address: address.description) }
        let server: NIOAsyncChannel<AGIAcceptedSession, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: address.host, port: address.port) { channel in
                    channel.eventLoop.makeCompletedFuture { try accept(channel) }
                }
        } catch {
            let failure = HTTPServerError.listenFailed(address: address.description, reason: "\(error)")
            logger.error("FastAGI server could not listen", metadata: ["address": "\(address)", "error": "\(error)"])
            port.end(failure)
            throw failure
        }
        let bound = server.channel.localAddress?.port ?? address.port
        logger.info("FastAGI listening", metadata: ["address": "\(address)", "port": "\(bound)"])
        port.resolve(bound)
        defer { port.end(.notListening(address: address.description)) }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                do {
                    try await server.executeThenClose { connections in
                        for try await session in connections {
                            group.addTask { await decide(session) }
                        }
                    }
                } catch {
                    logger.debug("FastAGI listener closed", metadata: ["error": "\(error)"])
                }
                group.cancelAll()
            }
        }
    }

    /// The port actually bound (useful with port 0). Waits until the server listens; throws `HTTPServerError` if it
    /// failed or stopped first.
    public func listeningPort() async throws -> Int {
        try await port.value()
    }

    /// Sessions open now.
    public var activeSessions: Int { sessions.active }
}

/// Session ids and the number of sessions open.
final class AGISessionCounter: Sendable {
    private let state = Mutex((issued: 0, active: 0))

    /// The next session number.
    func next() -> Int {
        state.withLock { state in
            state.issued += 1
            return state.issued
        }
    }

    /// Opens a session unless `limit` are open; false when full.
    func open(limit: Int) -> Bool {
        state.withLock { state in
            guard state.active < limit else { return false }
            state.active += 1
            return true
        }
    }

    /// A session closed.
    func close() {
        state.withLock { $0.active -= 1 }
    }

    /// Sessions open now.
    var active: Int { state.withLock { $0.active } }
}
