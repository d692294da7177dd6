import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
public import ServiceLifecycle

/// The public HTTP listener: `GET /healthz` for load balancers and, when given an endpoint, `POST /bitrix24/events`
/// for Bitrix24's outbound events (``Bitrix24EventEndpoint``). It faces the Internet (behind a TLS reverse proxy), so
/// it is strict with clients: a connection idle for `idleTimeout` — also one that sent half a request head — is
/// closed, header fields are limited to 8 KiB (64 KiB in all, 100 fields), and bodies are read by the endpoint under
/// its own size and time limits.
///
/// `/healthz` answers like the admin one (200 or 503, `failing` names the components) but without the
/// detail texts: `components` maps each name to `ok` or `failing`. Anything else is 404 with a fixed
/// plain-text body. A swift-service-lifecycle `Service`; runs once.
public struct PublicServer: Service {
    /// The configured address (port 0 until bound: see `listeningPort()`).
    public var address: ListenAddress { listener.address }
    private let listener: HTTPListener<PublicRequestContext>

    /// A public server on `address` reporting `health`, serving `events` when given.
    public init(
        address: ListenAddress,
        health: HealthRegistry,
        events: Bitrix24EventEndpoint? = nil,
        idleTimeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "switchboard.http.public")
    ) {
        let http = HTTP1Channel.Configuration(
            idleTimeout: .nanoseconds(Int64(idleTimeout / .nanoseconds(1))),
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: 8 * 1024,
                maxHeaderListSize: 64 * 1024,
                maxHeaderFieldCount: 100
            )
        )
        listener = HTTPListener(address: address, serverName: "switchboard", logger: logger, http: http) { router in
            router.get("/healthz") { _, _ in
                HealthResponse.make(health.report(), includeDetails: false)
            }
            if let events {
                router.post("/bitrix24/events") { request, context in
                    await events.respond(to: request, context: context)
                }
            }
        }
    }

    /// Serves until cancelled or gracefully shut down. Throws `HTTPServerError.listenFailed` when the address
    /// cannot be bound, `.alreadyStarted` when run twice.
    public func run() async throws {
        try await listener.run()
    }

    /// The port actually bound (useful with port 0). Waits until the server listens; throws
    /// `HTTPServerError` if it failed or stopped first, `CancellationError` if the caller is cancelled.
    public func listeningPort() async throws -> Int {
        try await listener.listeningPort()
    }
}
