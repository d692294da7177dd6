import Hummingbird
public import Logging
public import Prometheus
public import ServiceLifecycle

/// The admin HTTP listener (loopback only, never public): metrics, health and rule reload.
///
/// Routes:
/// - `GET /metrics`: the Prometheus text exposition of `metrics`.
/// - `GET /healthz`: 200 `{"status":"ok","components":{…}}`, or 503
///   `{"status":"failing","failing":["ami"],"components":{"ami":"…detail…"}}`.
/// - `POST /reload`: runs `reload`; 200 with its message on success, 422 with it on failure (`?format=json`: its
///   JSON, when it gives one).
/// - the `console`'s routes (`GET /`, call traces …), when one is given; only to a loopback `Host` (403 otherwise:
///   they show phone numbers).
/// - a write (any method but GET and HEAD) whose `Host` is not loopback, or with a foreign `Origin`: 403 (DNS
///   rebinding, cross-site requests).
/// - anything else: 404 with a fixed plain-text body.
///
/// It is a swift-service-lifecycle `Service`: put it in the daemon's `ServiceGroup`; it stops on graceful
/// shutdown or cancellation. A server runs once.
///
/// ```swift
/// let admin = AdminServer(
///     address: try ListenAddress(parsing: "127.0.0.1:9090"),
///     metrics: SwitchboardMetrics.bootstrap(),
///     health: health,
///     reload: { .ok(message: "rules reloaded") }  // the daemon's reloader
/// )
/// let group = ServiceGroup(services: [admin, …], gracefulShutdownSignals: [.sigterm], logger: logger)
/// ```
public struct AdminServer: Service {
    /// The configured address (port 0 until bound: see `listeningPort()`).
    public var address: ListenAddress { listener.address }
    private let listener: HTTPListener<BasicRequestContext>

    /// An admin server on `address`.
    /// - Parameters:
    ///   - metrics: the registry `/metrics` renders (`SwitchboardMetrics.bootstrap()`).
    ///   - health: the registry `/healthz` reports.
    ///   - reload: reloads the rules; its message is served as is, so it must hold no secrets. Two requests
    ///     may call it at once: it serialises reloads itself. It counts `switchboard_rule_reloads_total`
    ///     (the server does not, so reloads from elsewhere count the same way).
    public init(
        address: ListenAddress,
        metrics: PrometheusCollectorRegistry,
        health: HealthRegistry,
        reload: @escaping @Sendable () async -> ReloadOutcome,
        console: (any AdminConsole)? = nil,
        logger: Logger = Logger(label: "switchboard.http.admin")
    ) {
        listener = HTTPListener(address: address, serverName: "switchboard-admin", logger: logger) { router in
            router.add(middleware: LoopbackWriteMiddleware())
            router.get("/metrics") { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer()))
                )
            }
            router.get("/healthz") { _, _ in
                HealthResponse.make(health.report(), includeDetails: true)
            }
            router.post("/reload") { request, context in
                let outcome = await reload()
                context.logger.info(
                    "rule reload requested",
                    metadata: ["result": "\(outcome.succeeded ? "ok" : "failed")"]
                )
                let status: HTTPResponse.Status = outcome.succeeded ? .ok : .unprocessableContent
                if request.uri.queryParameters["format"] == "json", let json = outcome.json {
                    return Response.text(json, contentType: "application/json; charset=utf-8", status: status)
                }
                var message = outcome.message
                if !message.hasSuffix("\n") { message += "\n" }
                return Response.plainText(message, status: status)
            }
            if let console { Self.route(console, on: router) }
        }
    }

    private static func route(_ console: any AdminConsole, on router: Router<BasicRequestContext>) {
        for path in console.routes {
            router.get(RouterPath(path)) { request, context in
                // Traces hold phone numbers: a DNS-rebinding page (`Host: evil.example`) must not read them.
                guard LoopbackWriteMiddleware<BasicRequestContext>.isLoopback(authority: request.head.authority ?? "")
                else {
                    context.logger.warning(
                        "console read refused: not addressed to loopback (DNS rebinding?)",
                        metadata: ["path": "\(request.uri.path)"]
                    )
                    return Response.plainText(status: .forbidden)
                }
                var query: [String: String] = [:]
                for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
                guard let page = await console.page(path: request.uri.path, query: query) else {
                    throw HTTPError(.notFound)
                }
                return Response.text(
                    page.body,
                    contentType: page.contentType,
                    status: HTTPResponse.Status(code: page.status)
                )
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
