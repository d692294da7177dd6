import Adapters
import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// The admin listener serves a console's routes (and only them, with a 404 for the rest; only to a loopback `Host`:
/// they show phone numbers), and `POST /reload` gives the reload's JSON when asked for it.
@Suite("Admin HTTP server: console routes")
struct AdminConsoleRoutingTests {
    /// A console answering from a table, recording what it was asked.
    struct TableConsole: AdminConsole {
        var routes: [String] { ["/", "/calls/:id"] }

        func page(path: String, query: [String: String]) async -> AdminPage? {
            switch path {
            case "/": .html("<p>overview \(query["part"] ?? "-")</p>")
            case "/calls/known": .json("{\"call\": \"known\"}")
            default: nil
            }
        }
    }

    @Test("console routes answered with their type, to loopback hosts only; unknown ids 404; reload JSON on request")
    func routes() async throws {
        let server = AdminServer(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            metrics: SwitchboardMetrics.bootstrap(),
            health: HealthRegistry(),
            reload: { .failed(message: "rules not reloaded", json: "{\"succeeded\": false}") },
            console: TableConsole()
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.listeningPort()
            let overview = try await HTTPTestClient.send(port: port, path: "/?part=live")
            #expect(overview.status == 200)
            #expect(overview.body == "<p>overview live</p>")
            #expect(overview.contentType == "text/html; charset=utf-8")
            let known = try await HTTPTestClient.send(port: port, path: "/calls/known")
            #expect(known.status == 200)
            #expect(known.contentType == "application/json; charset=utf-8")
            let unknown = try await HTTPTestClient.send(port: port, path: "/calls/unknown")
            #expect(unknown.status == 404)
            #expect(unknown.body == "404 Not Found\n")
            #expect(try await HTTPTestClient.send(port: port, path: "/elsewhere").status == 404)
            // Phone numbers: a page addressed to another host (DNS rebinding) is refused, metrics are not.
            let rebound = [("Host", "evil.example:\(port)")]
            let refused = try await HTTPTestClient.send(port: port, path: "/calls/known", headers: rebound)
            #expect(refused.status == 403)
            #expect(!refused.body.contains("known"))
            #expect(try await HTTPTestClient.send(port: port, path: "/", headers: rebound).status == 403)
            #expect(try await HTTPTestClient.send(port: port, path: "/metrics", headers: rebound).status == 200)
            let local = [("Host", "localhost:\(port)")]
            #expect(try await HTTPTestClient.send(port: port, path: "/calls/known", headers: local).status == 200)
            let text = try await HTTPTestClient.send(.POST, port: port, path: "/reload")
            #expect(text.status == 422)
            #expect(text.body == "rules not reloaded\n")
            let json = try await HTTPTestClient.send(.POST, port: port, path: "/reload?format=json")
            #expect(json.status == 422)
            #expect(json.body == "{\"succeeded\": false}")
            group.cancelAll()
        }
    }
}
