import AMIProtocol
import Adapters
import Engine
import Foundation
import Simulators
import TestSupport
import Testing

/// A link gap in the middle of two calls, over real TCP: after the reconnect, `CoreShowChannels` reports the
/// first call's channels still up and none of the second's.
@Suite("Resync after a link gap")
struct ResyncOverTCPTests {
    @Test("the call still up goes on with later events; the call gone ends with cause lost, its rings lost")
    func resync() async throws {
        let answered = try AMICapture(contentsOf: RepositoryFiles.url("captures/answered.ami")).events
        let abandon = try AMICapture(contentsOf: RepositoryFiles.url("captures/abandon.ami")).events
        // answered.ami up to the bridge (before 201 hangs up); abandon.ami while its three phones ring.
        let answeredSplit = try #require(
            answered.firstIndex {
                $0.name == "SoftHangupRequest" && $0["Channel"]?.hasPrefix("Local/201@agents") == true
            }
        )
        let abandonSplit = try #require(abandon.firstIndex { $0.name == "Hangup" })
        let before = Array(answered[..<answeredSplit]) + Array(abandon[..<abandonSplit])
        let after = Array(answered[answeredSplit...])

        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: server.clientConfiguration())
        let live = LiveEngine(engine: CallEngine(generation: try CaptureReplayOverTCP.defaultGeneration()))
        let consumer = live.consume(client.events)
        try await client.connect()
        try await live.waitUntilHandled(1)
        await server.replay(events: before, speed: .instant)
        try await live.waitUntilHandled(1 + before.count)

        let upCall = "1795564212.0"
        let goneCall = "1795564345.44"
        let engine = await live.engine
        #expect(engine.model.calls[upCall]?.isAnswered == true)
        #expect(engine.model.calls[goneCall]?.rung.filter(\.isRinging).count == 3)

        // The gap: the server drops the session, the client logs in again.
        server.dropConnections()
        for await change in client.linkEvents { if case .reconnected = change { break } }
        try await live.waitUntilHandled(2 + before.count)  // the new session's FullyBooted

        let upChannels = [
            "Local/79161234567@incoming-00000000;1": "1795564212.0",
            "Local/79161234567@incoming-00000000;2": "1795564212.1",
            "Local/201@agents-00000001;1": "1795564212.2",
            "Local/201@agents-00000001;2": "1795564212.3",
        ]
        server.script(
            "CoreShowChannels",
            .list(
                items: upChannels.sorted { $0.key < $1.key }.map { channel, uniqueid in
                    [
                        AMIHeader("Event", "CoreShowChannel"), AMIHeader("Channel", channel),
                        AMIHeader("ChannelState", "6"),
                        AMIHeader("ChannelStateDesc", "Up"), AMIHeader("CallerIDNum", "79161234567"),
                        AMIHeader("Context", "agents"),
                        AMIHeader("Exten", ""), AMIHeader("Uniqueid", uniqueid), AMIHeader("Linkedid", upCall),
                    ]
                },
                completeEvent: "CoreShowChannelsComplete"
            )
        )
        let list = try await client.sendList(AMIAction("CoreShowChannels"))
        #expect(list.items.count == 4)
        let resynced = await live.resynchronize(channels: list.items)
        #expect(resynced.allSatisfy { $0.callID == goneCall })
        #expect(
            Story.lines(resynced) == [
                "stopped 201 lost", "stopped 202 lost", "stopped 203 lost", "ended lost missed",
                "recorded 1/1 1795564345.45.wav",
            ]
        )
        #expect(await live.engine.model.calls[goneCall] == nil)
        #expect(await live.engine.model.calls[upCall] != nil)

        // The call still up goes on: 201 hangs up, the call ends answered with its talk time.
        let handled = await live.handled
        await server.replay(events: after, speed: .instant)
        try await live.waitUntilHandled(handled + after.count)
        let tail = await live.events.filter { $0.callID == upCall }.suffix(2)
        #expect(Story.lines(Array(tail)) == ["ended 16 answered", "recorded 1/1 1795564212.1.wav"])
        #expect(Story.talkSeconds(Array(tail)).map { (4...5).contains($0) } == true)

        await client.close()
        await server.stop()
        _ = await consumer.value
    }
}
