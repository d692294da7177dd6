import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
public import ServiceLifecycle

/// The public HTTP listener: `GET /healthz` for load balancers and, when given an endpoint, `POST /bitrix24/events`
/// for Bitrix24's outbound events (``Bitrix24EventEndpoint``). It faces the Internet (behind a TLS reverse proxy), so
/// it is strict with clients: it is held to ``HTTPListenerLimits`` (a request must arrive within its time, a connection
/// idle too long — also one that sent half a request head — is closed, connections are capped, bodies are limited),
/// header fields are limited to 8 KiB (64 KiB in all, 100 fields), and the events endpoint reads bodies under its own,
/// tighter size and time limits, so a slow or hostile client cannot exhaust the file descriptors the daemon shares
/// with AMI, SQLite and outbound HTTP.
///
/// `/healthz` answers like the admin one (200 or 503, `failing` names the components) but without the
/// detail texts: `components` maps each name to `ok` or `failing`. Anything else is 404 with a fixed
/// plain-text body. A swift-service-lifecycle `Service`; runs once.
public struct PublicServer: Service {
    /// The configured address (port 0 until bound: see `listeningPort()`).
    public var address: ListenAddress { listener.address }
    private let listener: HTTPListener<PublicRequestContext>

    /// A public server on `address` reporting `health`, serving `events` when given, held to `limits`.
    public init(
        address: ListenAddress,
        health: HealthRegistry,
        events: Bitrix24EventEndpoint? = nil,
        limits: HTTPListenerLimits = HTTPListenerLimits(),
        logger: Logger = Logger(label: "switchboard.http.public")
    ) {
        let http = HTTP1Channel.Configuration(
            httpDecoderConfiguration: .init(
                maxHeaderFieldSize: 8 * 1024,
                maxHeaderListSize: 64 * 1024,
                maxHeaderFieldCount: 100
            )
        )
        listener = HTTPListener(
            address: address,
            serverName: "switchboard",
            logger: logger,
            http: http,
            limits: limits
        ) { router in
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
