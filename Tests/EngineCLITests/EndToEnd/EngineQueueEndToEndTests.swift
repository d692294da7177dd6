import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// Engine queues end to end: the real `engine run` (a child process) with a `queues:` file beside the bundled rules,
/// the test AMI server, the fake portal, and a scripted Asterisk peer asking over FastAGI as the README's dialplan
/// does (`AGI(agi://127.0.0.1:4573/queue?name=sales&status=${DIALSTATUS})`). The AMI stream of each attempt is
/// synthesised in the shape of the real captures (``EngineQueueStream``). A call through an engine queue must end up
/// in Bitrix24 exactly as the same call through app_queue (answered.ami, abandon.ami) does.
@Suite("end to end: engine queues", .serialized)
struct EngineQueueEndToEndTests {
    static let linkedid = EngineQueueStream.linkedid

    /// What Bitrix24 got for one call, without what only timing or ids make differ.
    struct Summary: Equatable, CustomStringConvertible {
        var registers: [String]
        var shown: Set<Int>
        var hidden: Set<Int>
        var finishes: [String]
        var visibleAfter: [Int]
        var leads: Int

        init(_ rig: EndToEndRig, linkedid: String) {
            let call = rig.journal(of: linkedid)
            // A parameter as text: a batched command carries `2`, a command sent alone `"2"`; the same value.
            func text(_ entry: FakeBitrix24JournalEntry, _ name: String) -> String {
                guard let value = entry.params[name] else { return "-" }
                return value.stringValue ?? value.intValue.map(String.init) ?? value.serialized
            }
            registers = call.registers.map {
                "TYPE \(text($0, "TYPE")) USER \(text($0, "USER_ID")) PHONE \(text($0, "PHONE_NUMBER")) "
                    + "CRM_CREATE \(text($0, "CRM_CREATE"))"
            }
            shown = call.shownUsers
            hidden = Set(call.hides.flatMap(CallJournal.users(of:)))
            finishes = call.finishes.map { "USER \(text($0, "USER_ID")) STATUS \(text($0, "STATUS_CODE"))" }
            visibleAfter = [11, 12, 13].filter { !rig.portal.visibleCards(for: $0).isEmpty }
            leads = rig.calls("crm.lead.add").count
        }

        var description: String {
            "registers \(registers), shown \(shown.sorted()), hidden \(hidden.sorted()), finishes \(finishes), "
                + "visible after \(visibleAfter), leads \(leads)"
        }
    }

    /// The same call through app_queue: `capture` replayed to the engine with the bundled rules.
    static func appQueue(_ capture: String, linkedid: String) async throws -> Summary {
        try await EndToEndRig.with { rig in
            try await rig.startEngine()
            try await rig.replay(capture)
            let finished = await rig.awaitFinish(of: linkedid)
            #expect(finished, "\(capture): no finish\n\(rig.describeJournal())")
            #expect(await rig.stopEngine() == 0)
            return Summary(rig, linkedid: linkedid)
        }
    }

    /// A rig whose engine has `queues` (a rule file's text) and FastAGI on; the caller's call of answered.ami has
    /// arrived (registered) and waits for the dialplan's first question. Returns the FastAGI port.
    static func engineQueue(_ rig: EndToEndRig, queues: String) async throws -> Int {
        try queues.write(
            to: rig.rulesFolder.appendingPathComponent("60-queues.yaml"),
            atomically: true,
            encoding: .utf8
        )
        try rig.writeConfig(adding: "agi: {listen: \"127.0.0.1:0\", deadline_ms: 3000}")
        try await rig.startEngine()
        let agiPort = try await AGIPort.of(rig)
        await rig.ami.replay(events: try EngineQueueStream.callerArrives(), speed: .instant)
        let registered = await rig.awaitCalls("telephony.externalcall.register")
        #expect(registered, "the call was not registered\n\(rig.describeJournal())")
        return agiPort
    }

    /// The dialplan asks, reporting `status` (`${DIALSTATUS}`): the recorded request, from answered.ami's caller.
    static func ask(_ port: Int, status: String = "") async throws -> [String: String] {
        let script = "queue?name=sales&status=\(status)"
        let request = AGIEnvironmentFixture(bytes: try RepositoryFiles.bytes("captures/agi/route.agi"))
            .replacing("agi_network_script", with: script)
            .replacing("agi_request", with: "agi://127.0.0.1:4573/\(script)")
            .replacing("agi_uniqueid", with: EngineQueueStream.callerUniqueid)
            .replacing("agi_channel", with: EngineQueueStream.callerChannel)
        return try await AGITestClient.run(port: port, environment: request.bytes).variables
    }

    static let ringall = """
        version: 1
        queues:
          sales:
            strategy: ringall
            ring: 20s
            max_wait: 2m
            members:
              ivan: {dial: Local/201@agents, user: 11}
              petr: {dial: Local/202@agents, user: 12}
              anna: {dial: Local/203@agents, user: 13}
        """

    @Test("ringall, Ivan answers: the same cards, hides and finish as app_queue's answered.ami")
    func ringallAnsweredLikeAppQueue() async throws {
        let expected = try await Self.appQueue("answered", linkedid: "1795564212.0")
        let summary = try await EndToEndRig.with { rig in
            let port = try await Self.engineQueue(rig, queues: Self.ringall)
            let told = try await Self.ask(port)
            #expect(told["QUEUE_ACTION"] == "dial" && told["QUEUE_RING"] == "20", "\(told)")
            #expect(told["QUEUE_DIAL"] == "Local/201@agents&Local/202@agents&Local/203@agents")
            var stream = EngineQueueStream(after: try EngineQueueStream.callerArrives())
            let (rings, ringing) = stream.dial(["201", "202", "203"])
            await rig.ami.replay(events: ringing, speed: .instant)
            let shown = await eventually { rig.journal(of: Self.linkedid).shownUsers == [11, 12, 13] }
            #expect(shown, "\(rig.describeJournal())")
            let answer = stream.answer(rings[0], others: Array(rings.dropFirst()))
            await rig.ami.replay(events: answer + stream.talkAndHangUp(rings[0], seconds: 4.5), speed: .instant)
            #expect(await rig.awaitFinish(of: Self.linkedid), "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            let finish = rig.journal(of: Self.linkedid).finishes.first
            #expect((4...5).contains(finish?.params["DURATION"]?.intValue ?? 0), "\(rig.describeJournal())")
            return Summary(rig, linkedid: Self.linkedid)
        }
        #expect(summary == expected, "engine queue: \(summary)\napp_queue:    \(expected)")
        #expect(summary.finishes == ["USER 11 STATUS 200"] && summary.shown == [11, 12, 13])
    }

    @Test("ringall, the caller hangs up while the phones ring: as app_queue's abandon.ami")
    func callerHangsUpLikeAppQueue() async throws {
        let expected = try await Self.appQueue("abandon", linkedid: "1795564345.44")
        let summary = try await EndToEndRig.with { rig in
            let port = try await Self.engineQueue(rig, queues: Self.ringall)
            #expect(try await Self.ask(port)["QUEUE_ACTION"] == "dial")
            var stream = EngineQueueStream(after: try EngineQueueStream.callerArrives())
            let (rings, ringing) = stream.dial(["201", "202", "203"])
            await rig.ami.replay(events: ringing, speed: .instant)
            let shown = await eventually { rig.journal(of: Self.linkedid).shownUsers == [11, 12, 13] }
            #expect(shown, "\(rig.describeJournal())")
            await rig.ami.replay(events: stream.callerHangsUp(during: rings), speed: .instant)
            #expect(await rig.awaitFinish(of: Self.linkedid), "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            return Summary(rig, linkedid: Self.linkedid)
        }
        #expect(summary == expected, "engine queue: \(summary)\napp_queue:    \(expected)")
        #expect(summary.finishes == ["USER 1 STATUS 304"] && summary.visibleAfter.isEmpty)
    }

    @Test("fair: Ivan misses, Anna's phone goes away, Petr answers; the rules see the engine queue as app_queue's")
    func fairMissThenAnswer() async throws {
        try await EndToEndRig.with { rig in
            let queues = """
                version: 1
                queues:
                  sales:
                    strategy: fair
                    ring: 15s
                    max_wait: 2m
                    overflow: {context: voicemail, extension: s}
                    members:
                      ivan: {dial: Local/201@agents, user: 11}
                      petr: {dial: Local/202@agents, user: 12}
                      anna: {dial: Local/203@agents, device: PJSIP/203, user: 13}
                rules:
                  - id: log-engine-queue-joined
                    description: The caller entered a queue.
                    on: call.queue_joined
                    do:
                      - log: {message: "caller joined queue ${event.queue}", level: warning}
                  - id: log-engine-queue-left
                    description: The caller left a queue.
                    on: call.queue_left
                    do:
                      - log: {message: "caller left queue ${event.queue}: ${event.reason}", level: warning}
                  - id: log-ring-queue
                    description: A ring names its queue.
                    on: call.ringing
                    do:
                      - log:
                          message: "ringing ${event.member.extension} for queue ${event.queue ?? '-'}"
                          level: warning
                """
            let port = try await Self.engineQueue(rig, queues: queues)
            let first = try await Self.ask(port)
            #expect(first["QUEUE_DIAL"] == "Local/201@agents" && first["QUEUE_RING"] == "15", "\(first)")
            var stream = EngineQueueStream(after: try EngineQueueStream.callerArrives())
            let (ivan, ringing) = stream.dial(["201"])
            await rig.ami.replay(events: ringing, speed: .instant)
            #expect(await eventually { rig.journal(of: Self.linkedid).shownUsers == [11] }, "\(rig.describeJournal())")
            // Anna's phone unregisters while Ivan rings; Ivan's Dial() times out.
            let missed = [stream.deviceState("PJSIP/203", "UNAVAILABLE")] + stream.noAnswer(ivan[0])
            await rig.ami.replay(events: missed, speed: .instant)
            let hidden = await eventually {
                rig.journal(of: Self.linkedid).hides.contains { CallJournal.users(of: $0) == [11] }
            }
            #expect(hidden, "Ivan's card hidden on the miss\n\(rig.describeJournal())")
            let second = try await Self.ask(port, status: "NOANSWER")
            #expect(second["QUEUE_DIAL"] == "Local/202@agents", "Anna skipped, Ivan not again: \(second)")
            let (petr, ringingPetr) = stream.dial(["202"])
            await rig.ami.replay(events: ringingPetr, speed: .instant)
            #expect(await eventually { rig.journal(of: Self.linkedid).shownUsers == [11, 12] })
            await rig.ami.replay(
                events: stream.answer(petr[0]) + stream.talkAndHangUp(petr[0], seconds: 30),
                speed: .instant
            )
            #expect(await rig.awaitFinish(of: Self.linkedid), "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            let summary = Summary(rig, linkedid: Self.linkedid)
            let context = "\(summary)\n\(rig.describeJournal())"
            #expect(summary.registers.count == 1, "\(context)")
            #expect(summary.shown == [11, 12] && summary.hidden.contains(11), "\(context)")
            #expect(summary.visibleAfter.isEmpty, "\(context)")
            let call = rig.journal(of: Self.linkedid)
            #expect(call.shows.map(CallJournal.users(of:)) == [[11], [12]], "\(context)")
            let finish = try #require(call.finishes.first, "\(context)")
            #expect(call.finishes.count == 1)
            #expect(finish.params["USER_ID"]?.intValue == 12 && finish.params["STATUS_CODE"]?.stringValue == "200")
            #expect((29...31).contains(finish.params["DURATION"]?.intValue ?? 0), "\(context)")
            // The rules saw the engine queue as they see app_queue's: joined, rings of the queue, left answered.
            let log = rig.log
            #expect(log.contains("caller joined queue sales"), "\(log)")
            #expect(log.contains("ringing 201 for queue sales") && log.contains("ringing 202 for queue sales"))
            #expect(log.contains("caller left queue sales: answered"), "\(log)")
        }
    }
}
