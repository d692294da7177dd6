import Adapters
import NIOCore
import NIOHTTP1
import NIOPosix
import Simulators
import TestSupport
import Testing

@Suite("Public HTTP server")
struct PublicServerTests {
    static func withPublic(health: HealthRegistry, _ body: (_ port: Int) async throws -> Void) async throws {
        let server = PublicServer(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            health: health,
            logger: LogCapture().logger
        )
        let running = Task { try await server.run() }
        defer { running.cancel() }
        let port = try await server.listeningPort()
        try await body(port)
        running.cancel()
        _ = await running.result
    }

    @Test("GET /healthz names failing components but never serves their details")
    func healthWithoutDetails() async throws {
        let health = HealthRegistry()
        health.markHealthy(HealthComponent.storage, detail: "var/switchboard.sqlite open")
        try await Self.withPublic(health: health) { port in
            let ok = try await HTTPTestClient.send(port: port, path: "/healthz")
            #expect(ok.status == 200)
            #expect(ok.json["components"] as? [String: String] == ["storage": "ok"])

            health.markUnhealthy(HealthComponent.storage, detail: "disk I/O error on var/switchboard.sqlite")
            health.markHealthy(HealthComponent.ami)
            let failing = try await HTTPTestClient.send(port: port, path: "/healthz")
            #expect(failing.status == 503)
            #expect(failing.json["status"] as? String == "failing")
            #expect(failing.json["failing"] as? [String] == ["storage"])
            #expect(failing.json["components"] as? [String: String] == ["ami": "ok", "storage": "failing"])
            #expect(!failing.body.contains("sqlite"))
        }
    }

    @Test("admin routes are not on the public listener; unknown routes are a plain 404")
    func noAdminRoutes() async throws {
        try await Self.withPublic(health: HealthRegistry()) { port in
            for (method, path) in [
                (HTTPMethod.GET, "/metrics"), (.POST, "/reload"), (.POST, "/bitrix24/events?auth=zzsecret"),
            ] {
                let answer = try await HTTPTestClient.send(method, port: port, path: path)
                #expect(answer.status == 404, "\(method) \(path)")
                #expect(answer.body == "404 Not Found\n")
            }
        }
    }

    @Test("a malformed request gets no echo and the server keeps serving")
    func malformedRequest() async throws {
        try await Self.withPublic(health: HealthRegistry()) { port in
            let garbage = "GET /\u{01}obsmarker HTTP/9.9\r\nX: \u{00}obsmarker\r\n\r\n"
            let reply = try await Self.rawExchange(port: port, bytes: Array(garbage.utf8))
            #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(!reply.contains("obsmarker"))
            let after = try await HTTPTestClient.send(port: port, path: "/healthz")
            #expect(after.status == 200)
        }
    }

    /// Writes raw bytes to 127.0.0.1:`port` and reads until the server closes the connection (or resets it: what
    /// came before is kept).
    static func rawExchange(port: Int, bytes: [UInt8]) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var received = ""
            do {
                try await outbound.write(ByteBuffer(bytes: bytes))
                for try await chunk in inbound {
                    received += String(buffer: chunk)
                }
            } catch  where !received.isEmpty {
                return received
            }
            return received
        }
    }
}
