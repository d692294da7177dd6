import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// One Hummingbird HTTP/1.1 listener: a router, an address, the bound port, and a run-once guard. Shared by
/// the admin and the public server.
struct HTTPListener: Sendable {
    let address: ListenAddress
    let port = ListeningPort()
    private let application: Application<RouterResponder<BasicRequestContext>>
    private let logger: Logger

    /// A listener on `address` serving `router` (plain-text errors are added in front of its routes), held to
    /// `limits` when given (the public listener).
    init(
        address: ListenAddress,
        serverName: String,
        limits: HTTPListenerLimits? = nil,
        logger: Logger,
        routes: (Router<BasicRequestContext>) -> Void
    ) {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: PlainErrorMiddleware())
        routes(router)
        let port = self.port
        let listenerLogger = logger
        let shown = address.description
        self.address = address
        self.logger = logger
        var server = HTTPServerBuilder.http1()
        if let limits {
            server = .http1(
                configuration: .init(
                    additionalChannelHandlers: [RequestLimitHandler(limits: limits, logger: listenerLogger)],
                    idleTimeout: limits.idleTimeout
                )
            )
        }
        self.application = Application(
            router: router,
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port),
                serverName: serverName,
                availableConnectionsDelegate: limits.map {
                    ConnectionCap(maximum: $0.maximumConnections) as any AvailableConnectionsDelegate
                }
            ),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? address.port
                listenerLogger.info("listening", metadata: ["address": "\(shown)", "port": "\(bound)"])
                port.resolve(bound)
            },
            logger: logger
        )
    }

    /// Serves until cancelled or gracefully shut down. Runs once.
    func run() async throws {
        guard port.claimStart() else {
            throw HTTPServerError.alreadyStarted(address: address.description)
        }
        do {
            try await application.run()
        } catch {
            logger.error("listener failed", metadata: ["address": "\(address)", "error": "\(error)"])
            if port.isBound {
                port.end(.notListening(address: address.description))
                throw error
            }
            let neverBound = HTTPServerError.listenFailed(address: address.description, reason: "\(error)")
            port.end(neverBound)
            throw neverBound
        }
        port.end(.notListening(address: address.description))
    }

    /// The bound port; waits until bound, throws if the listener failed or stopped first.
    func listeningPort() async throws -> Int {
        try await port.value()
    }
}
