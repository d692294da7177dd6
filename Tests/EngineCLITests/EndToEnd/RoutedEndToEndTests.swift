import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// Assign responsible end to end, on calls recorded from a real Asterisk 22 running the README's dialplan: the test AMI
/// server replays the call to the real `engine run` (a child process) up to the moment the dialplan asks
/// (`AGI(agi://127.0.0.1:4573/route)`), a scripted Asterisk peer asks over FastAGI (the recorded request), then the
/// rest of the call follows. The fake portal's journal shows what Bitrix24 got.
@Suite("end to end: routed to the responsible manager", .serialized)
struct RoutedEndToEndTests {
    /// Runs `capture` with the FastAGI request of `request` (captures/agi/) answered by the engine; returns the
    /// variables the engine set and the call's journal once finished.
    static func run(
        _ rig: EndToEndRig,
        capture: String,
        linkedid: String,
        request: AGIEnvironmentFixture
    ) async throws -> (variables: [String: String], call: CallJournal) {
        try (rig.config + "\nagi: {listen: \"127.0.0.1:0\", deadline_ms: 3000}\n")
            .write(to: rig.folder.appendingPathComponent("engine.yaml"), atomically: true, encoding: .utf8)
        _ = rig.portal.addCrmEntity(
            FakeBitrix24CrmEntity(type: "CONTACT", name: "Client", phones: ["+7 (916) 123-45-67"], assignedByID: 12)
        )
        try await rig.startEngine()
        let agiPort = try await AGIPort.of(rig)
        let events = try AMICapture(contentsOf: RepositoryFiles.capture(capture)).events
        let asks = try #require(events.firstIndex { $0.name == "Newexten" && $0["Application"] == "AGI" })
        await rig.ami.replay(events: Array(events[...asks]), speed: .instant)
        let outcome = try await AGITestClient.run(port: agiPort, environment: request.bytes)
        // The route's Dial rings the manager; the queue rings 15 s later on the PBX. Replayed at once, the two would
        // race through the portal's concurrent requests, so the queue waits until the manager's card is shown.
        let queue = events[(asks + 1)...].firstIndex { $0.name == "AgentCalled" } ?? events.endIndex
        await rig.ami.replay(events: Array(events[(asks + 1)..<queue]), speed: .instant)
        if queue < events.endIndex {
            let shown = await eventually { !rig.journal(of: linkedid).shows.isEmpty }
            #expect(shown, "the manager's card was not shown before the queue rang\n\(rig.describeJournal())")
            await rig.ami.replay(events: Array(events[queue...]), speed: .instant)
        }
        let finished = await rig.awaitFinish(of: linkedid)
        #expect(finished, "no finish\n\(rig.describeJournal())\n\(rig.log)")
        #expect(await rig.stopEngine() == 0, "engine did not stop cleanly\n\(rig.log)")
        return (outcome.variables, rig.journal(of: linkedid))
    }

    /// The request recorded with routed-noanswer (captures/agi/route.agi).
    static func recordedRequest() throws -> AGIEnvironmentFixture {
        AGIEnvironmentFixture(bytes: try RepositoryFiles.bytes("captures/agi/route.agi"))
    }

    @Test("manager does not answer, the queue does: card to the manager, hidden; cards follow; finished by 201, 200")
    func managerDoesNotAnswer() async throws {
        try await EndToEndRig.with { rig in
            let (variables, call) = try await Self.run(
                rig,
                capture: "routed-noanswer",
                linkedid: "1796402157.0",
                request: try Self.recordedRequest()
            )
            let context = rig.describeJournal()
            #expect(variables == ["ROUTE_EXTEN": "202", "ROUTE_USER": "12"], "\(context)")
            #expect(call.registers.count == 1, "\(context)")
            // The manager's phone rang first (the route's Dial): the first card is Petr's, hidden when he did not
            // answer; then the queue rang all three.
            #expect(call.shows.first.map(CallJournal.users(of:)) == [12], "\(context)")
            #expect(call.shownUsers == [11, 12, 13], "\(context)")
            #expect(call.showCount(for: 12) == 2, "Petr's phone rang twice: the route, then the queue\n\(context)")
            for user in [11, 12, 13] { #expect(rig.portal.visibleCards(for: user).isEmpty, "user \(user)") }
            let finish = try #require(call.finishes.first, "\(context)")
            #expect(call.finishes.count == 1)
            #expect(finish.params["USER_ID"]?.intValue == 11 && finish.params["STATUS_CODE"]?.stringValue == "200")
            // The lookup went ahead of the outbox, outside its batches.
            let lookups = rig.portal.journal.filter {
                $0.method == "telephony.externalcall.searchcrmentities" && !$0.inBatch
            }
            #expect(!lookups.isEmpty, "\(context)")
            #expect(rig.portal.crmEntities(type: "LEAD").isEmpty, "a known client gets no lead")
        }
    }

    @Test("nobody answers: a missed call (304) finished for the manager, every card hidden")
    func missed() async throws {
        try await EndToEndRig.with { rig in
            // The same request, from the caller's channel of this call.
            let request = try Self.recordedRequest()
                .replacing("agi_uniqueid", with: "1796402200.11")
                .replacing("agi_channel", with: "Local/79161234567@incoming-00000005;2")
            let (variables, call) = try await Self.run(
                rig,
                capture: "routed-missed",
                linkedid: "1796402200.10",
                request: request
            )
            let context = rig.describeJournal()
            #expect(variables["ROUTE_EXTEN"] == "202", "\(context)")
            #expect(call.shows.first.map(CallJournal.users(of:)) == [12], "\(context)")
            for user in [11, 12, 13] { #expect(rig.portal.visibleCards(for: user).isEmpty, "user \(user)") }
            let finish = try #require(call.finishes.first, "\(context)")
            #expect(finish.params["USER_ID"]?.intValue == 12, "the missed call is the manager's\n\(context)")
            #expect(finish.params["STATUS_CODE"]?.stringValue == "304")
        }
    }
}

/// The FastAGI port `engine run` logged (`switchboard.agi: address=… port=N … FastAGI listening`).
enum AGIPort {
    static func inLog(_ log: String) -> Int? {
        for line in log.split(separator: "\n") where line.contains("FastAGI listening") {
            guard let range = line.range(of: "port=") else { continue }
            if let port = Int(line[range.upperBound...].prefix { $0.isNumber }), port > 0 { return port }
        }
        return nil
    }

    /// The FastAGI port of the engine `rig` runs, once its log names it.
    static func of(_ rig: EndToEndRig) async throws -> Int {
        var port: Int?
        _ = await eventually {
            port = inLog(rig.log)
            return port != nil
        }
        return try #require(port, "no FastAGI port in the log\n\(rig.log)")
    }
}
