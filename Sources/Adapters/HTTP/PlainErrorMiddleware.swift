import Hummingbird
import Logging
import NIOCore

/// Turns every error (an unknown route, a wrong method, a failing handler) into a plain-text answer with a
/// fixed body, `404 Not Found` and the like: error bodies never echo the request.
struct PlainErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            return .plainText(status: error.status)
        } catch {
            context.logger.error("request handler failed", metadata: ["error.type": "\(type(of: error))"])
            return .plainText(status: .internalServerError)
        }
    }
}

extension Response {
    /// A `text/plain` answer.
    static func plainText(_ text: String, status: HTTPResponse.Status) -> Response {
        Response.text(text, contentType: "text/plain; charset=utf-8", status: status)
    }

    /// An answer of `contentType`, never cached.
    static func text(_ text: String, contentType: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status,
            headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// A `text/plain` answer saying only the status, e.g. `404 Not Found`.
    static func plainText(status: HTTPResponse.Status) -> Response {
        plainText("\(status.code) \(status.reasonPhrase)\n", status: status)
    }
}
