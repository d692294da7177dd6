import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// One Hummingbird HTTP/1.1 listener: a router, an address, the bound port, and a run-once guard. Shared by
/// the admin and the public server.
struct HTTPListener<Context: RequestContext>: Sendable where Context.Source == ApplicationRequestContextSource {
    let address: ListenAddress
    let port = ListeningPort()
    private let application: Application<RouterResponder<Context>>
    private let logger: Logger

    /// A listener on `address` serving `router` (plain-text errors are added in front of its routes), with the
    /// HTTP/1.1 settings `http` (idle timeout, header limits).
    init(
        address: ListenAddress,
        serverName: String,
        logger: Logger,
        http: HTTP1Channel.Configuration = .init(),
        routes: (Router<Context>) -> Void
    ) {
        let router = Router(context: Context.self)
        router.add(middleware: PlainErrorMiddleware())
        routes(router)
        let port = self.port
        let listenerLogger = logger
        let shown = address.description
        self.address = address
        self.logger = logger
        self.application = Application(
            router: router,
            server: .http1(configuration: http),
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port),
                serverName: serverName
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
