import Adapters
import NIOCore
import NIOPosix
import Prometheus
import Synchronization
import TestSupport
import Testing

/// Item 5 of the hardening issue, the public listener: over real TCP, slowloris clients dripping header bytes are
/// closed at the request timeout, a connection past the cap waits unaccepted until one closes, a body over the
/// limit is answered 413 and one too slow 408; the listener keeps serving `/healthz` throughout.
@Suite("Public listener limits (hardening item 5)")
struct PublicListenerLimitsTests {
    /// A short request timeout for the slowloris clients (long enough for a loaded machine to send a request line).
    static let limits = HTTPListenerLimits(
        requestTimeout: .seconds(2),
        idleTimeout: .seconds(5),
        maximumConnections: 4,
        maximumBodyBytes: 1024
    )

    @Test("public listener: slowloris clients are closed at the request timeout; the cap holds the next one back")
    func publicListenerSlowlorisAndConnectionCap() async throws {
        let registry = SwitchboardMetrics.bootstrap()
        let timeoutsBefore = Self.counter(registry, "request_timeout")
        let logs = LogCapture()
        let server = PublicServer(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            health: HealthRegistry(),
            limits: Self.limits,
            logger: logs.logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.listeningPort()
            // Four slowloris clients: a request line, then one header byte every 100 ms, never the blank line.
            var slow: [RawTCPClient] = []
            for _ in 0..<4 {
                let client = try await RawTCPClient.connect(port: port)
                // Closed already when the machine stalled past the request timeout: still one the server closed.
                try? await client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                slow.append(client)
            }
            try await withThrowingTaskGroup(of: Void.self) { drips in
                for client in slow {
                    drips.addTask {
                        while client.isOpen {
                            try? await client.send("X")
                            try await Task.sleep(for: .milliseconds(100))
                        }
                    }
                }
                // A fifth client, past the cap: its complete request is answered only once a slow one is closed.
                let fifth = try await RawTCPClient.connect(port: port)
                try await fifth.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                let answered = await eventually(timeout: .seconds(20)) { fifth.received.contains("\r\n\r\n") }
                #expect(answered)
                #expect(fifth.received.hasPrefix("HTTP/1.1 200"), "\(fifth.received)")
                #expect(slow.contains { !$0.isOpen }, "the fifth was served while four connections were held")
                let allClosed = await eventually(timeout: .seconds(20)) { slow.allSatisfy { !$0.isOpen } }
                #expect(allClosed, "the slowloris connections are closed by the server")
                try await drips.waitForAll()
            }
            #expect(slow.allSatisfy { $0.received.isEmpty }, "nothing answered to an incomplete request")
            #expect(Self.counter(registry, "request_timeout") >= timeoutsBefore + 4)
            #expect(logs.all.contains { $0.contains("HTTP connection closed") && $0.contains("request_timeout") })
            // The listener still serves.
            let again = try await RawTCPClient.connect(port: port)
            try await again.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(await eventually(timeout: .seconds(10)) { again.received.hasPrefix("HTTP/1.1 200") })
            group.cancelAll()
        }
    }

    @Test("public listener: a body over the limit is answered 413 and the connection closed")
    func publicListenerBodyLimit() async throws {
        let registry = SwitchboardMetrics.bootstrap()
        let before = Self.counter(registry, "body_too_large")
        let server = PublicServer(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            health: HealthRegistry(),
            limits: HTTPListenerLimits(maximumBodyBytes: 1024),
            logger: LogCapture().logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.listeningPort()
            // Declared too long.
            let declared = try await RawTCPClient.connect(port: port)
            try await declared.send("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4096\r\n\r\n")
            #expect(await eventually(timeout: .seconds(10)) { !declared.isOpen })
            #expect(declared.received.hasPrefix("HTTP/1.1 413"), "\(declared.received)")
            #expect(declared.received.hasSuffix(#"{"error":"body_too_large"}"#), "\(declared.received)")
            // Chunked, without a length, growing past the limit.
            let chunked = try await RawTCPClient.connect(port: port)
            try await chunked.send("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = String(repeating: "a", count: 512)
            for _ in 0..<3 where chunked.isOpen { try? await chunked.send("200\r\n\(chunk)\r\n") }
            #expect(await eventually(timeout: .seconds(10)) { !chunked.isOpen })
            #expect(Self.counter(registry, "body_too_large") >= before + 2)
            group.cancelAll()
        }
    }

    @Test("public listener: a body that does not arrive within the request timeout is answered 408 and closed")
    func publicListenerSlowBody() async throws {
        let registry = SwitchboardMetrics.bootstrap()
        let before = Self.counter(registry, "request_timeout")
        // The events endpoint reads bodies under its own limits (10 s by default): the listener's 2 s come first.
        let events = Bitrix24EventEndpoint(
            credentials: Bitrix24EventCredentials(
                token: "jvh9y1ulvt2m6k5or90v9mg8nn32ozas",
                domain: "acme.bitrix24.ru"
            ),
            submit: { _ in .accepted }
        )
        let server = PublicServer(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            health: HealthRegistry(),
            events: events,
            limits: Self.limits,
            logger: LogCapture().logger
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.listeningPort()
            let slow = try await RawTCPClient.connect(port: port)
            try await slow.send(
                "POST /bitrix24/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nevent="
            )
            #expect(await eventually(timeout: .seconds(20)) { !slow.isOpen })
            #expect(slow.received.hasPrefix("HTTP/1.1 408"), "\(slow.received)")
            #expect(slow.received.hasSuffix(#"{"error":"body_timeout"}"#), "\(slow.received)")
            #expect(Self.counter(registry, "request_timeout") >= before + 1)
            group.cancelAll()
        }
    }

    static func counter(_ registry: PrometheusCollectorRegistry, _ reason: String) -> Int {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix("switchboard_http_rejected_total{reason=\"\(reason)\"}") }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Int($0) } ?? 0
    }
}

/// A raw TCP client over NIO: writes bytes as given, keeps what it receives, knows when the server closed.
final class RawTCPClient: Sendable {
    /// What the connection received, and whether it is still open.
    final class Received: Sendable {
        let state = Mutex((bytes: "", open: true))
    }

    private let channel: any Channel
    private let box: Received

    private init(channel: any Channel, box: Received) {
        self.channel = channel
        self.box = box
    }

    static func connect(port: Int) async throws -> RawTCPClient {
        let box = Received()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(box: box))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return RawTCPClient(channel: channel, box: box)
    }

    var received: String { box.state.withLock { $0.bytes } }
    var isOpen: Bool { box.state.withLock { $0.open } }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    deinit { channel.close(promise: nil) }

    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let box: Received
        init(box: Received) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let text = String(buffer: unwrapInboundIn(data))
            box.state.withLock { $0.bytes += text }
        }

        func channelInactive(context: ChannelHandlerContext) {
            box.state.withLock { $0.open = false }
            context.fireChannelInactive()
        }
    }
}
