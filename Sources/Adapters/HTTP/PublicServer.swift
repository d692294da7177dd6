import Hummingbird
public import Logging
public import ServiceLifecycle

/// The public HTTP listener: `GET /healthz` for load balancers (and, next, `POST /bitrix24/events`).
///
/// `/healthz` answers like the admin one (200 or 503, `failing` names the components) but without the
/// detail texts: `components` maps each name to `ok` or `failing`. Anything else is 404 with a fixed
/// plain-text body. Held to ``HTTPListenerLimits`` (request and idle timeouts, a connection cap, a body limit), so a
/// slow or hostile client cannot exhaust the file descriptors the daemon shares with AMI, SQLite and outbound
/// HTTP. A swift-service-lifecycle `Service`; runs once.
public struct PublicServer: Service {
    /// The configured address (port 0 until bound: see `listeningPort()`).
    public var address: ListenAddress { listener.address }
    private let listener: HTTPListener

    /// A public server on `address` reporting `health`.
    public init(
        address: ListenAddress,
        health: HealthRegistry,
        limits: HTTPListenerLimits = HTTPListenerLimits(),
        logger: Logger = Logger(label: "switchboard.http.public")
    ) {
        listener = HTTPListener(address: address, serverName: "switchboard", limits: limits, logger: logger) { router in
            router.get("/healthz") { _, _ in
                HealthResponse.make(health.report(), includeDetails: false)
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
