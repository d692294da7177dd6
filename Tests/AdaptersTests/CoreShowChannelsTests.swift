import AMIProtocol
import Adapters
import Foundation
import Simulators
import Testing

/// `CoreShowChannels` as Asterisk 22 answers it, from the test server over real TCP, collected by `sendList`.
@Suite("CoreShowChannels over TCP")
struct CoreShowChannelsTests {
    static func channel(
        _ name: String,
        _ uniqueid: String,
        linkedid: String,
        state: String,
        context: String,
        exten: String
    ) -> AMIMessage {
        AMIMessage([
            AMIHeader("Channel", name), AMIHeader("ChannelState", state),
            AMIHeader("ChannelStateDesc", state == "6" ? "Up" : "Ringing"),
            AMIHeader("CallerIDNum", "79161234567"),
            AMIHeader("CallerIDName", "<unknown>"), AMIHeader("Context", context), AMIHeader("Exten", exten),
            AMIHeader("Priority", "1"), AMIHeader("Uniqueid", uniqueid), AMIHeader("Linkedid", linkedid),
            AMIHeader("Application", "Queue"), AMIHeader("ApplicationData", "sales"),
            AMIHeader("Duration", "00:00:42"), AMIHeader("BridgeId", ""),
        ])
    }

    @Test("two channels: the items in order with their snapshot, the completion with ListItems, nothing on events")
    func twoChannels() async throws {
        let server = try await AMITestServer.start()
        server.setChannels([
            Self.channel(
                "PJSIP/trunk-00000001",
                "1795564212.0",
                linkedid: "1795564212.0",
                state: "6",
                context: "from-trunk",
                exten: "74951112233"
            ),
            Self.channel(
                "PJSIP/201-00000002",
                "1795564212.1",
                linkedid: "1795564212.0",
                state: "5",
                context: "from-internal",
                exten: ""
            ),
        ])
        let client = AMIClient(configuration: AMIClientTests.configuration(port: server.port))
        let events = AsyncCollector(client.events)
        try await client.connect()
        let list = try await client.sendList(AMIAction("CoreShowChannels"))
        let sent = try await server.waitForAction(named: "CoreShowChannels")
        let actionID = try #require(sent.actionID)

        #expect(list.response["Response"] == "Success")
        #expect(list.response["Message"] == "Channels will follow")
        #expect(list.response.opensList)
        #expect(list.items.map(\.name) == ["CoreShowChannel", "CoreShowChannel"])
        #expect(list.items.map { $0["Uniqueid"] } == ["1795564212.0", "1795564212.1"])
        #expect(list.items.map { $0["Linkedid"] } == ["1795564212.0", "1795564212.0"])
        #expect(list.items.map { $0["Channel"] } == ["PJSIP/trunk-00000001", "PJSIP/201-00000002"])
        #expect(list.items.map { $0["Context"] } == ["from-trunk", "from-internal"])
        #expect(list.items.allSatisfy { $0.actionID == actionID && $0["Privilege"] == nil })
        #expect(list.items.first?.headers.first == AMIHeader("Event", "CoreShowChannel"))
        #expect(list.items.last?["BridgeId"] == "")
        let completion = try #require(list.completion)
        #expect(completion.name == "CoreShowChannelsComplete")
        #expect(completion["EventList"] == "Complete")
        #expect(completion["ListItems"] == "2")
        #expect(completion.actionID == actionID)

        // A marker event after the list: the stream is ordered, so a leaked list message would be seen before it.
        server.broadcast([AMIMessage([AMIHeader("Event", "UserEvent"), AMIHeader("UserEvent", "marker")])])
        let seen = try await events.wait("the marker") { $0.contains { $0["UserEvent"] == "marker" } }
        #expect(!seen.contains { $0.name?.hasPrefix("CoreShowChannel") == true })
        await client.close()
        await server.stop()
    }

    @Test("no channels: the acknowledgement, then the completion with ListItems: 0")
    func noChannels() async throws {
        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: AMIClientTests.configuration(port: server.port))
        try await client.connect()
        let list = try await client.sendList(AMIAction("CoreShowChannels"))
        #expect(list.items.isEmpty)
        #expect(list.completion?["ListItems"] == "0")
        #expect(list.completion?["EventList"] == "Complete")
        await client.close()
        await server.stop()
    }
}
