import AMIProtocol
import Adapters
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// AMI events as rule events: headers as a map, the catalog's numeric fields as ints, ChanVariable lines as maps.
@Suite("AMI events as rule values")
struct AMIEventValueTests {
    @Test("DialBegin of the goami2 call: ints, texts, and ChanVariable / DestChanVariable maps")
    func dialBegin() throws {
        let capture = try AMICapture(contentsOf: RepositoryFiles.url("captures/fixtures/goami2/call.clean.ami"))
        let dialBegin = try #require(capture.events.first { $0.name == "DialBegin" })
        guard case .map(let fields) = AMIEventValue.make(dialBegin) else {
            Issue.record("not a map")
            return
        }
        #expect(fields["Priority"] == 9)
        #expect(fields["DestPriority"] == 1)
        #expect(fields["ChannelState"].map { if case .int = $0 { true } else { false } } == true)
        #expect(fields["DialString"] == "9898@okon.ferry.sip.com")
        #expect(
            fields["ChanVariable"] == [
                "realm": "okon.ferry.sip.com", "SIPDOMAIN": "okon.ferry.sip.com",
                "SIPCALLID": "b5ser03agv7huo7faai5",
            ]
        )
        guard case .map(let destVariables)? = fields["DestChanVariable"] else {
            Issue.record("DestChanVariable is not a map")
            return
        }
        #expect(destVariables["SIPDOMAIN"] == "")
    }

    @Test("a numeric field that is not a number is left out, not guessed")
    func malformedNumber() {
        let message = AMIMessage([
            AMIHeader("Event", "Hangup"), AMIHeader("Cause", "sixteen"), AMIHeader("Cause-txt", "x"),
        ])
        guard case .map(let fields) = AMIEventValue.make(message) else {
            Issue.record("not a map")
            return
        }
        #expect(fields["Cause"] == nil)
        #expect(fields["Cause-txt"] == "x")
    }

    @Test("the timeline's JSON shows deferred arguments as references")
    func deferredInJSON() throws {
        let loaded = RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder])
        let ruleSet = try #require(loaded.ruleSet)
        var engine = CallEngine(
            generation: RuleGeneration(number: 1, ruleSet: ruleSet),
            interpreter: RuleInterpreter(
                config: CaptureReplayOverTCP.config,
                functions: DirectoryPlaceholder.functions
            )
        )
        let bytes = Array(try Data(contentsOf: RepositoryFiles.url("captures/answered.ami")))
        let entries = CaptureReplay.run(bytes, engine: &engine)
        let json = try #require(
            try JSONSerialization.jsonObject(with: TimelineRendering.json(entries)) as? [[String: Any]]
        )
        let ringing = try #require(json.first { $0["event"] as? String == "call.ringing" })
        let intent = try #require((ringing["intents"] as? [[String: Any]])?.first)
        let arguments = try #require(intent["arguments"] as? [String: Any])
        #expect((arguments["call"] as? [String: String]) == ["$deferred": "call.b24.call_id"])
        #expect((arguments["users"] as? [[String: String]]) == [["$deferred": "user_of.201"]])
    }
}
