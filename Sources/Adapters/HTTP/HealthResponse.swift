import Foundation
import Hummingbird
import NIOCore

/// The `/healthz` answer: 200 `{"status":"ok",…}` or 503 `{"status":"failing","failing":[…],…}`.
enum HealthResponse {
    private struct Body: Encodable {
        var status: String
        var failing: [String]?
        var components: [String: String]
    }

    /// The answer for `report`. With `includeDetails`, `components` maps each name to its detail; without
    /// (the public listener), to `ok` or `failing` only.
    static func make(_ report: HealthReport, includeDetails: Bool) -> Response {
        let healthy = report.isHealthy
        let components = report.components.mapValues { health in
            includeDetails ? health.detail : (health.isHealthy ? "ok" : "failing")
        }
        let body = Body(
            status: healthy ? "ok" : "failing",
            failing: healthy ? nil : report.failing,
            components: components
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let status: HTTPResponse.Status = healthy ? .ok : .serviceUnavailable
        guard let json = try? encoder.encode(body) else {
            return .plainText(status: .internalServerError)
        }
        return Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: json))
        )
    }
}
