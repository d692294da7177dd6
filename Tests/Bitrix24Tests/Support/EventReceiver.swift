import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A tiny HTTP endpoint on 127.0.0.1 collecting the raw bodies the fake portal posts to it.
final class EventReceiver: Sendable {
    private let bodies = Mutex<[String]>([])
    private let runtime = Mutex<(task: Task<Void, Never>?, port: Int)>((nil, 0))

    var received: [String] { bodies.withLock { $0 } }
    var url: String { "http://127.0.0.1:\(runtime.withLock { $0.port })/b24/events" }

    func start() async throws {
        let router = Router()
        router.post("/b24/events") { [self] request, context -> HTTPResponse.Status in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            self.bodies.withLock { $0.append(String(buffer: buffer)) }
            return .ok
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "EventReceiver")
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let task = Task {
            try? await app.run()
            continuation.finish()
        }
        var port = 0
        for await bound in ports { port = bound }
        runtime.withLock { $0 = (task, port) }
    }

    func stop() async {
        let task = runtime.withLock { $0.task }
        task?.cancel()
        await task?.value
    }
}
