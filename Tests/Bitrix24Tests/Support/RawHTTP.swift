import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PortalTestSupport
import Simulators

/// Raw HTTP against the fake portal: bytes in, status and text out. Shares no type with the client
/// (Adapters) nor with the fake's own JSON type — answers are read with JSONSerialization and text.
struct RawHTTP {
    let base: String

    struct Answer {
        let status: Int
        let text: String
        /// The body parsed by Foundation.
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
        var result: Any? { json["result"] }
        var resultObject: [String: Any] { result as? [String: Any] ?? [:] }
        var error: String? { json["error"] as? String }
        var errorDescription: String? { json["error_description"] as? String }
    }

    func post(_ path: String, json: String, headers: [(String, String)] = []) async throws -> Answer {
        try await send(path, method: .POST, body: Data(json.utf8), contentType: "application/json", headers: headers)
    }

    func postForm(_ path: String, _ form: String) async throws -> Answer {
        try await send(path, method: .POST, body: Data(form.utf8), contentType: "application/x-www-form-urlencoded")
    }

    func get(_ pathAndQuery: String) async throws -> Answer {
        try await send(pathAndQuery, method: .GET, body: nil, contentType: nil)
    }

    func postMultipart(
        _ path: String,
        fields: [(String, String)],
        file: (field: String, name: String, content: Data)? = nil
    ) async throws -> Answer {
        let boundary = "rawboundary42"
        var body = Data()
        for (name, value) in fields {
            body.append(
                Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            )
        }
        if let file {
            body.append(
                Data(
                    ("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; "
                        + "filename=\"\(file.name)\"\r\nContent-Type: audio/mpeg\r\n\r\n")
                        .utf8
                )
            )
            body.append(file.content)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return try await send(path, method: .POST, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    func send(
        _ path: String,
        method: HTTPMethod,
        body: Data?,
        contentType: String?,
        headers: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : base + path)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(data: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), text: String(buffer: buffer))
    }
}

extension PortalFixture {
    /// Raw HTTP to the fixture's portal.
    var raw: RawHTTP { RawHTTP(base: portal.baseURL) }
}
