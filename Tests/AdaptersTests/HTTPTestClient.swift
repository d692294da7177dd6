import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP answer as a test sees it.
struct HTTPAnswer: Sendable {
    let status: Int
    let body: String
    let contentType: String?

    /// The body parsed as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}

/// Real HTTP over loopback with AsyncHTTPClient's shared client.
enum HTTPTestClient {
    static func send(
        _ method: HTTPMethod = .GET,
        port: Int,
        path: String,
        headers: [(String, String)] = []
    ) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return HTTPAnswer(
            status: Int(response.status.code),
            body: String(buffer: body),
            contentType: response.headers.first(name: "content-type")
        )
    }
}
