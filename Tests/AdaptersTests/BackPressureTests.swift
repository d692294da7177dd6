import AMIProtocol
import Adapters
import Foundation
import Simulators
import TestSupport
import Testing

/// Item 4 of the hardening issue, back-pressure: a consumer that stops taking events pauses the socket (the buffer
/// stays bounded, nothing read is dropped), and a pause past the stall limit drops the link — named as such, not as
/// a ping timeout — so the reconnect's gap is resynchronised instead of Asterisk queueing events without end.
@Suite("Back-pressure (hardening item 4)")
struct BackPressureTests {
    @Test("back-pressure: a stalled consumer drops the link after the stall limit; what was read comes in order")
    func backPressureStalledConsumerDropsTheLinkForAResync() async throws {
        let server = try await AMITestServer.start()
        var configuration = AMIClientTests.configuration(
            port: server.port,
            ping: .milliseconds(100),
            pingTimeout: .milliseconds(100)
        )
        configuration.eventBufferLimit = 16
        configuration.eventBufferStallLimit = .milliseconds(600)
        let client = AMIClient(configuration: configuration)
        let links = AsyncCollector(client.linkEvents)
        try await client.connect()
        let sent = 5_000
        server.broadcast(
            (1...sent).map { AMIMessage([AMIHeader("Event", "UserEvent"), AMIHeader("Seq", String($0))]) }
        )
        // Nobody takes: reading pauses at the limit, then the link is dropped for the stall, then rebuilt.
        let seen = try await links.wait("a stall drop and a reconnect", timeout: .seconds(20)) { events in
            events.contains { if case .reconnected = $0 { true } else { false } }
        }
        let drops = seen.compactMap { event -> AMIDisconnectReason? in
            if case .disconnected(let reason, _) = event { return reason }
            return nil
        }
        #expect(drops.count == 1, "\(seen)")
        if case .eventBufferStalled(let seconds)? = drops.first {
            #expect(abs(seconds - 0.6) < 0.001)
        } else {
            Issue.record("the link was dropped for \(drops), not for the stall")
        }
        // The buffer holds at least its limit; what one read brought past the limit is appended too (not dropped).
        #expect(client.events.depth >= configuration.eventBufferLimit)
        // What was read before the drop is delivered, in wire order, without a gap.
        var sequence: [Int] = []
        while let batch = await client.events.takeAll() {
            sequence += batch.compactMap { $0["Seq"].flatMap(Int.init) }
            if client.events.depth == 0 { break }
        }
        #expect(!sequence.isEmpty && sequence == Array(1...sequence.count), "no event read was lost or reordered")
        await client.close()
        await server.stop()
    }
}
