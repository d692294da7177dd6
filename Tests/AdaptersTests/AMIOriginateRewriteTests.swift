import AMIProtocol
import Simulators
import TestSupport
import Testing

@Suite("Test AMI server: Originate answered by a rewritten capture")
struct AMIOriginateRewriteTests {
    static func originate(_ headers: KeyValuePairs<String, String>) -> AMIMessage {
        AMIMessage([AMIHeader("Action", "Originate")] + headers.map { AMIHeader($0.key, $0.value) })
    }

    @Test("clicktocall: ActionID, both Uniqueids (and every Linkedid, and the recording's name) and variables follow")
    func answered() throws {
        let capture = try AMICapture(contentsOf: RepositoryFiles.capture("clicktocall"))
        let rewrite = AMIOriginateRewrite(
            capture: capture,
            originate: Self.originate([
                "ActionID": "sb-9", "ChannelId": "sb-x-1", "OtherChannelId": "sb-x-1-2", "Variable": "CLICK2CALL=7",
            ])
        )
        let events = rewrite.events(of: capture)
        #expect(!events.contains { $0.name == "FullyBooted" || $0.kind == .response })
        let channels = events.filter { $0.name == "Newchannel" }.map {
            "\($0["Channel"] ?? "") \($0["Uniqueid"] ?? "")"
        }
        #expect(channels.prefix(2) == ["Local/201@agents-0000001a;1 sb-x-1", "Local/201@agents-0000001a;2 sb-x-1-2"])
        #expect(events.allSatisfy { $0["Linkedid"] == nil || $0["Linkedid"] == "sb-x-1" })
        let outcome = try #require(events.first { $0.name == "OriginateResponse" })
        #expect(outcome.actionID == "sb-9" && outcome["Uniqueid"] == "sb-x-1" && outcome["Response"] == "Success")
        #expect(events.contains { $0["Value"] == "/var/spool/asterisk/monitor/sb-x-1.wav" })
        #expect(events.filter { $0["Variable"] == "CLICK2CALL" }.allSatisfy { $0["Value"] == "7" })
    }

    @Test("clicktocall-agent-noanswer: the failed Originate's channel is found by name; <unknown> stays as it is")
    func failed() throws {
        let capture = try AMICapture(contentsOf: RepositoryFiles.capture("clicktocall-agent-noanswer"))
        let rewrite = AMIOriginateRewrite(
            capture: capture,
            originate: Self.originate(["ActionID": "sb-3", "ChannelId": "sb-y-1"])
        )
        let events = rewrite.events(of: capture)
        let first = try #require(events.first { $0.name == "Newchannel" })
        #expect(first["Uniqueid"] == "sb-y-1" && first["CallerIDNum"] == "<unknown>")
        let second = try #require(events.filter { $0.name == "Newchannel" }.last)
        #expect(second["Uniqueid"] == "sb-y-1;2", "without OtherChannelId, the ;2 half is <ChannelId>;2 as in Asterisk")
        let outcome = try #require(events.first { $0.name == "OriginateResponse" })
        #expect(outcome.actionID == "sb-3" && outcome["Uniqueid"] == "<unknown>" && outcome["Response"] == "Failure")
        #expect(outcome["Reason"] == "3")
    }
}
