public import AGIProtocol

/// Chooses the handler of a request by its script path (`agi://host/route` → `route`): handlers registered for a path
/// first, then the fallback. Without either, the request gets nothing and the dialplan goes on.
///
/// ```swift
/// var router = AGIRouter(fallback: rules)       // every script the rules decide (event.script)
/// router.register("queue", queueHandler)          // a path with a handler of its own
/// ```
public struct AGIRouter: AGIRequestHandler {
    private var routes: [String: any AGIRequestHandler] = [:]
    private let fallback: (any AGIRequestHandler)?

    /// A router sending whatever no path claims to `fallback`.
    public init(fallback: (any AGIRequestHandler)? = nil) {
        self.fallback = fallback
    }

    /// Sends requests for `path` (without slashes, e.g. `queue` or `queue/vip`) to `handler`.
    public mutating func register(_ path: String, _ handler: any AGIRequestHandler) {
        routes[String(AGINetworkScript(parsing: path).path)] = handler
    }

    /// The handler for `path`, if any.
    public func handler(for path: String) -> (any AGIRequestHandler)? {
        routes[path] ?? fallback
    }

    public func decide(_ session: AGISessionContext) async -> AGIDecision {
        guard let handler = handler(for: session.request.script.path) else { return .nothing }
        return await handler.decide(session)
    }
}
