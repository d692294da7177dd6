import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A Hummingbird application on 127.0.0.1 (an ephemeral port) serving a test's router until ``stop()``.
final class LocalHTTPServer: Sendable {
    private let runtime = Mutex<(task: Task<Void, Never>?, port: Int)>((nil, 0))

    /// The bound port (0 before ``start(_:)``).
    var port: Int { runtime.withLock { $0.port } }

    /// Serves `router`; returns once the server listens.
    func start(_ router: Router<BasicRequestContext>) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "LocalHTTPServer")
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
