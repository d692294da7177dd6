import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// Calls recorded live (captures/live/, lab/README.md): a real Asterisk 22.10.1 running exactly the README's FastAGI
/// lines, the real `engine run` answering them, the fake portal. Each test replays what the live engine received —
/// the AMI stream and, where they began in it, Asterisk's FastAGI requests — to a fresh `engine run`, and checks that
/// it answers the dialplan as the live engine did and that the portal ends up as the live one did.
@Suite("end to end: calls recorded live on Asterisk 22", .serialized)
struct LiveCaptureEndToEndTests {
    /// The variables each live session set, as the engine's answers are compared.
    static func liveAnswers(_ live: LiveCapture) -> [[String: String]] {
        live.sessions.map { Dictionary($0.variables.map { ($0.name, $0.value) }) { _, last in last } }
    }

    /// Users of a live journal entry (USER_ID, one id or a list, as text or numbers).
    static func users(_ entry: [String: Any]) -> [Int] {
        let value = (entry["params"] as? [String: Any])?["USER_ID"]
        let list = value as? [Any] ?? (value.map { [$0] } ?? [])
        return list.compactMap { ($0 as? Int) ?? ($0 as? String).flatMap(Int.init) }
    }

    /// A live finish as `USER u STATUS s`.
    static func finish(_ entry: [String: Any]) -> String {
        let params = entry["params"] as? [String: Any] ?? [:]
        return "USER \(users(entry).map(String.init).joined()) STATUS \(params["STATUS_CODE"].map { "\($0)" } ?? "-")"
    }

    /// A replayed finish as `USER u STATUS s`.
    static func finish(_ entry: FakeBitrix24JournalEntry) -> String {
        "USER \(entry.params["USER_ID"]?.intValue ?? 0) STATUS \(entry.params["STATUS_CODE"]?.stringValue ?? "-")"
    }

    /// The users shown a card, in the order the portal got the shows (one list per show command).
    static func showOrder(_ call: CallJournal) -> [[Int]] { call.shows.map(CallJournal.users(of:)) }

    /// Replays `name` and checks what every replay must: the same FastAGI answers as live, one finish equal to the
    /// live one, no card left shown.
    static func replay(_ name: String, paced: Bool = false) async throws -> (LiveCapture, LiveReplay.Outcome) {
        let live = try LiveCapture(name)
        return try await EndToEndRig.with { rig in
            let outcome = try await LiveReplay.run(live, rig: rig, paced: paced)
            let context = "\(name)\n\(rig.describeJournal())"
            #expect(outcome.answers == Self.liveAnswers(live), "\(context)")
            let liveFinishes = live.portalEntries("telephony.externalcall.finish").map(Self.finish)
            #expect(liveFinishes.count == 1, "\(name): the live call was finished \(liveFinishes.count) times")
            #expect(outcome.call.registers.count == 1, "\(context)")
            #expect(outcome.call.finishes.map(Self.finish) == liveFinishes, "\(context)")
            for user in EndToEndRig.allUsers {
                #expect(rig.portal.visibleCards(for: user).isEmpty, "\(name): user \(user) still has a card")
            }
            return (live, outcome)
        }
    }

    @Test("routed, the manager does not answer: Petr first, then the queue; Ivan answers and finishes, 200")
    func routedManagerDoesNotAnswer() async throws {
        let (live, outcome) = try await Self.replay("live-routed-noanswer")
        #expect(outcome.answers == [["ROUTE_EXTEN": "202", "ROUTE_USER": "12"]])
        // Live, Petr's card came first (the route's Dial), then the queue rang all three.
        #expect(live.portalEntries("telephony.externalcall.show").first.map(Self.users) == [12])
        #expect(outcome.call.showCount(for: 12) == 2, "Petr's phone rang twice: the route, then the queue")
        #expect(outcome.call.shownUsers == [11, 12, 13])
        #expect(outcome.call.finishes.map(Self.finish) == ["USER 11 STATUS 200"])
    }

    @Test("routed, the manager answers: only Petr's card; finished by Petr, 200")
    func routedManagerAnswers() async throws {
        let (_, outcome) = try await Self.replay("live-routed-answered")
        #expect(outcome.answers == [["ROUTE_EXTEN": "202", "ROUTE_USER": "12"]])
        #expect(Self.showOrder(outcome.call) == [[12]])
        #expect(outcome.call.finishes.map(Self.finish) == ["USER 12 STATUS 200"])
    }

    @Test("routed, nobody answers and the caller hangs up in the queue: a missed call (304) for the manager")
    func routedMissed() async throws {
        let (_, outcome) = try await Self.replay("live-routed-missed")
        #expect(outcome.call.shownUsers == [11, 12, 13])
        #expect(outcome.call.finishes.map(Self.finish) == ["USER 12 STATUS 304"])
    }

    @Test("an unknown caller: no route, the queue; Petr answers, finishes, and becomes the lead's responsible")
    func unknownCaller() async throws {
        // At its recorded pace (8 s): all at once, the call would be over before the register's answer named the lead
        // (the portal reassigns a lead it made at register to the finishing user anyway).
        let (live, outcome) = try await Self.replay("live-unknown", paced: true)
        #expect(outcome.answers == [[:]])
        #expect(outcome.call.finishes.map(Self.finish) == ["USER 12 STATUS 200"])
        let liveUpdate = live.portalEntries("crm.lead.update").first?["params"] as? [String: Any]
        #expect("\((liveUpdate?["fields"] as? [String: Any])?["ASSIGNED_BY_ID"] ?? "-")" == "12")
        let update = try #require(outcome.leadUpdates.first, "no crm.lead.update")
        #expect(outcome.leadUpdates.count == 1)
        #expect(update.params["fields"]?["ASSIGNED_BY_ID"]?.intValue == 12)
    }

    @Test("the portal down while the dialplan asks: no route at the deadline, the queue; Ivan answers")
    func portalDown() async throws {
        let live = try LiveCapture("live-portal-down")
        // Live, the fake portal was stopped: the request was answered at the deadline (500 ms) with nothing set.
        #expect(live.sessions.count == 1 && live.sessions[0].variables.isEmpty)
        try await EndToEndRig.with { rig in
            // The lookup hangs past the deadline (3 s in the replay), then fails; the outbox's retry finds the client.
            rig.portal.updateConfiguration { $0.hangSeconds = 4 }
            rig.portal.injectFault(.hang, times: 1, method: "telephony.externalcall.searchcrmentities")
            let outcome = try await LiveReplay.run(live, rig: rig)
            #expect(outcome.answers == [[:]], "\(rig.describeJournal())")
            #expect(outcome.call.finishes.map(Self.finish) == ["USER 11 STATUS 200"], "\(rig.describeJournal())")
        }
    }

    @Test("engine queue fair: Ivan (never answers), then Petr (misses), then Anna answers; cards follow each ring")
    func engineQueueFair() async throws {
        let (_, outcome) = try await Self.replay("live-queue-fair")
        #expect(
            outcome.answers.map { $0["QUEUE_DIAL"] } == ["Local/201@agents", "Local/202@agents", "Local/203@agents"]
        )
        #expect(outcome.answers.allSatisfy { $0["QUEUE_ACTION"] == "dial" && $0["QUEUE_RING"] == "10" })
        #expect(Self.showOrder(outcome.call) == [[11], [12], [13]])
        #expect(Set(outcome.call.hides.flatMap(CallJournal.users(of:))) == [11, 12, 13])
        #expect(outcome.call.finishes.map(Self.finish) == ["USER 13 STATUS 200"])
    }

    @Test("engine queue fair, nobody answers: Ivan, Petr, Anna, Ivan again (cut to the wait), then the overflow")
    func engineQueueOverflow() async throws {
        let (_, outcome) = try await Self.replay("live-queue-overflow", paced: true)
        let dialled = outcome.answers.compactMap { $0["QUEUE_DIAL"] }
        #expect(dialled == ["Local/201@agents", "Local/202@agents", "Local/203@agents", "Local/201@agents"])
        #expect(outcome.answers.map { $0["QUEUE_RING"] } == ["10", "10", "10", "9", nil])
        let last = outcome.answers.last ?? [:]
        #expect(last["QUEUE_ACTION"] == "goto" && last["QUEUE_CONTEXT"] == "voicemail" && last["QUEUE_EXTEN"] == "s")
        #expect(Self.showOrder(outcome.call) == [[11], [12], [13], [11]])
        #expect(outcome.call.finishes.map(Self.finish) == ["USER 1 STATUS 304"])
    }
}
