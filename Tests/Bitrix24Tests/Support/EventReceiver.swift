import Hummingbird
import Synchronization

/// A tiny HTTP endpoint on 127.0.0.1 collecting the raw bodies the fake portal posts to it.
final class EventReceiver: Sendable {
    private let bodies = Mutex<[String]>([])
    private let server = LocalHTTPServer()

    var received: [String] { bodies.withLock { $0 } }
    var url: String { "http://127.0.0.1:\(server.port)/b24/events" }

    func start() async throws {
        let router = Router()
        router.post("/b24/events") { [self] request, context -> HTTPResponse.Status in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            self.bodies.withLock { $0.append(String(buffer: buffer)) }
            return .ok
        }
        try await server.start(router)
    }

    func stop() async {
        await server.stop()
    }
}
