import AMIProtocol
import Adapters
import Foundation
import Simulators
import TestSupport
import Testing

/// The one buffer between the AMI socket and the pipeline: batches in order, bounded, its depth published.
@Suite("AMI event buffer")
struct AMIEventBufferTests {
    /// A client logged in to a fresh test server, with `capture` replayed to it (nothing taken yet).
    static func replaying(
        _ capture: AMICapture,
        configure: (inout AMIClientConfiguration) -> Void = { _ in }
    ) async throws -> (AMITestServer, AMIClient) {
        let server = try await AMITestServer.start()
        var configuration = AMIClientTests.configuration(port: server.port)
        configure(&configuration)
        let client = AMIClient(configuration: configuration)
        try await client.connect()
        await server.replay(capture)
        return (server, client)
    }

    @Test("a client with a tiny buffer delivers a whole capture in order, pausing the socket while the buffer is full")
    func boundedWithoutLoss() async throws {
        let capture = try AMICapture(contentsOf: RepositoryFiles.capture("answered"))
        let (server, client) = try await Self.replaying(capture) { $0.eventBufferLimit = 8 }
        // Nobody takes events yet: the client stops reading at 8 (plus what the reads in flight brought).
        var received: [AMIMessage] = []
        let full = await eventually { client.events.depth >= 8 }
        #expect(full)
        while received.count < capture.events.count + 1, let batch = await client.events.takeAll() {
            received += batch
        }
        #expect(received.dropFirst().map { $0 } == capture.events, "FullyBooted, then the capture in wire order")
        await client.close()
        #expect(await client.events.takeAll() == nil, "closing ends the buffer")
        await server.stop()
    }

    @Test("the depth (which the gauge publishes) follows appends and takes")
    func depthIsPublished() async throws {
        let capture = try AMICapture(contentsOf: RepositoryFiles.capture("answered"))
        let (server, client) = try await Self.replaying(capture)
        let all = await eventually { client.events.depth == capture.events.count + 1 }  // FullyBooted first
        #expect(all)
        #expect(await client.events.takeAll()?.count == capture.events.count + 1)
        #expect(client.events.depth == 0)
        await client.close()
        await server.stop()
    }

    @Test("the iterator yields events one by one across batches and ends when the client closes")
    func iteratesOneByOne() async throws {
        let capture = try AMICapture(contentsOf: RepositoryFiles.capture("abandon"))
        let (server, client) = try await Self.replaying(capture)
        var names: [String] = []
        for await event in client.events {
            names.append(event.name ?? "")
            if names.count == capture.events.count + 1 { await client.close() }
        }
        #expect(names == ["FullyBooted"] + capture.events.map { $0.name ?? "" })
        await server.stop()
    }
}
