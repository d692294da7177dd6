import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The engine's admin listener as a test reaches it: its port read from the engine's log line
/// (`switchboard.http.admin: address=… port=N [Adapters] listening`), requests over real HTTP.
struct AdminEndpoint {
    let port: Int

    /// The admin port the engine logged, if it did.
    static func port(inLog log: String) -> Int? {
        for line in log.split(separator: "\n")
        where line.contains("switchboard.http.admin") && line.contains("listening") {
            guard let range = line.range(of: "port=") else { continue }
            let digits = line[range.upperBound...].prefix { $0.isNumber }
            if let port = Int(digits), port > 0 { return port }
        }
        return nil
    }

    func get(_ path: String) async throws -> (status: Int, body: String) {
        try await send(.GET, path)
    }

    func send(_ method: HTTPMethod, _ path: String) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    /// The value of one Prometheus sample, e.g. `switchboard_actions_total{action="b24.show_card",result="ok"}`
    /// (labels in any order); 0 when absent.
    static func sample(_ text: String, _ name: String, labels: [String: String] = [:]) -> Double {
        var total = 0.0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2 else { continue }
            let series = parts[0]
            let metric = series.prefix { $0 != "{" }
            guard metric == name else { continue }
            let matches = labels.allSatisfy { series.contains("\($0.key)=\"\($0.value)\"") }
            if matches, let value = Double(parts[1]) { total += value }
        }
        return total
    }
}
