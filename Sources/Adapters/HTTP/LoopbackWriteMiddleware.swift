import Hummingbird
import Logging

/// Refuses admin writes (`POST /reload`, any method but GET and HEAD) whose `Host` is not a loopback name, or that a
/// web page of another origin sent: a DNS-rebinding page (`evil.example` resolving to 127.0.0.1, so the browser sends
/// `Host: evil.example:9090`) or a cross-site form posting to `http://127.0.0.1:9090/reload` (the browser sends its
/// `Origin`) cannot drive the engine. Reads stay open to any Host, so a Prometheus server elsewhere can scrape.
struct LoopbackWriteMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        let host = request.head.authority ?? ""
        let origin = request.headers[.origin]
        guard Self.isLoopback(authority: host), origin.map(Self.isLoopbackOrigin) ?? true else {
            context.logger.warning(
                "admin write refused: not addressed to loopback (DNS rebinding or a cross-site request?)",
                metadata: ["method": "\(request.method)", "path": "\(request.uri.path)"]
            )
            return .plainText(status: .forbidden)
        }
        return try await next(request, context)
    }

    /// `127.0.0.1`, `localhost`, `[::1]`, with or without a port.
    static func isLoopback(authority: String) -> Bool {
        let host: Substring
        if authority.hasPrefix("[") {
            host = authority.prefix { $0 != "]" }.dropFirst()
        } else {
            host = authority.prefix { $0 != ":" }
        }
        let name = host.lowercased()
        return name == "localhost" || name == "::1" || name == "127.0.0.1"
            || (name.hasPrefix("127.") && name.split(separator: ".").count == 4
                && name.allSatisfy { $0.isNumber || $0 == "." })
    }

    /// `http://127.0.0.1:9090` and the like (`null`, a sandboxed page, is not loopback).
    static func isLoopbackOrigin(_ origin: String) -> Bool {
        let parts = origin.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0] == "http:" || parts[0] == "https:" else { return false }
        return isLoopback(authority: String(parts[1]))
    }
}
