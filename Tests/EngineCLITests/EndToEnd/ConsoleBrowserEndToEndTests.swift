import AMIProtocol
import Foundation
import Simulators
import TestSupport
import Testing

/// The admin console in a real browser: headless Chromium renders `GET /` and a call's trace page of the real
/// `engine run` while a real capture is replayed — the call live with its ringing phones and cards, then its trace:
/// each card shown and hidden, and the finish with its status.
@Suite("end to end: the console in headless Chromium", .serialized)
struct ConsoleBrowserEndToEndTests {
    @Test("live call with its cards, then the trace: every card shown and hidden, the finish and its status")
    func consoleShowsTheReplayedCall() async throws {
        try await EndToEndRig.with { rig in
            try await rig.startEngine()
            let admin = try #require(AdminEndpoint.port(inLog: rig.log).map(AdminEndpoint.init), "\(rig.log)")
            let capture = try AMICapture(contentsOf: RepositoryFiles.capture("answered"))
            // Up to the third phone's AgentCalled: all three ring (the first stops ringing 2 s later).
            let rung = capture.events.indices.filter { capture.events[$0].name == "AgentCalled" }
            let answer = try #require(rung.count == 3 ? rung[2] + 1 : nil, "\(rung)")
            let linkedid = ExpectedCall.answered.linkedid
            let base = "http://127.0.0.1:\(admin.port)"

            await rig.ami.replay(events: Array(capture.events[..<answer]), speed: .instant)
            #expect(await rig.awaitCalls("telephony.externalcall.show", count: 3), "\(rig.describeJournal())")
            let live = try await HeadlessChromium.dom(of: "\(base)/")
            let row = try #require(
                HeadlessChromium.elements(live, tag: "tr", attribute: "data-call", value: linkedid).first,
                "no live call row in\n\(live)"
            )
            #expect(row.contains("ringing 201, 202, 203"), "\(row)")
            #expect(row.contains("11, 12, 13"), "card shown to: \(row)")
            #expect(row.contains("79161234567"), "\(row)")

            // The rest: 201 answers, the others' cards are hidden, the call ends and is finished.
            await rig.ami.replay(events: Array(capture.events[answer...]), speed: .instant)
            #expect(await rig.awaitFinish(of: linkedid), "\(rig.describeJournal())")
            let finished = await eventually(timeout: .seconds(20)) {
                let page = try? await admin.get("/api/calls/\(linkedid)")
                return page?.body.contains("telephony.externalcall.finish") == true
            }
            #expect(finished)

            let overview = try await HeadlessChromium.dom(of: "\(base)/")
            #expect(overview.contains("No call in progress."), "\(overview)")
            let recent = try #require(
                HeadlessChromium.elements(overview, tag: "tr", attribute: "data-call", value: linkedid).first,
                "no recent call row in\n\(overview)"
            )
            #expect(recent.contains("data-ended=\"true\""))
            #expect(recent.contains("show ✓3"), "\(recent)")
            #expect(recent.contains("finish ✓1"), "\(recent)")
            #expect(overview.contains("data-generation=\"1\""))

            let page = try await HeadlessChromium.dom(of: "\(base)/calls/\(linkedid)")
            #expect(page.contains("Call \(linkedid)"))
            let shows = HeadlessChromium.elements(
                page,
                tag: "li",
                attribute: "data-method",
                value: "telephony.externalcall.show"
            )
            let hides = HeadlessChromium.elements(
                page,
                tag: "li",
                attribute: "data-method",
                value: "telephony.externalcall.hide"
            )
            let finishes = HeadlessChromium.elements(
                page,
                tag: "li",
                attribute: "data-method",
                value: "telephony.externalcall.finish"
            )
            for user in [11, 12, 13] {
                let named = { (items: [String]) in
                    items.contains {
                        $0.contains("data-ok=\"true\"")
                            && $0.range(of: "USER_ID: \\[?[0-9, ]*\\b\(user)\\b", options: .regularExpression) != nil
                    }
                }
                #expect(named(shows), "no card shown to \(user):\n\(shows)")
                #expect(named(hides) || named(finishes), "the card of \(user) never hidden:\n\(hides)\n\(finishes)")
            }
            let finish = try #require(finishes.first, "no finish in\n\(page)")
            #expect(finish.contains("data-ok=\"true\""))
            #expect(finish.contains("STATUS_CODE: \"200\""), "\(finish)")
            #expect(finish.contains("USER_ID: 11"), "\(finish)")
            // The rules behind them: the card rule fired for every ring, the hide rule kept the answering phone's card.
            let rings = HeadlessChromium.elements(
                page,
                tag: "li",
                attribute: "data-rule",
                value: "card-to-ringing-member"
            )
            #expect(rings.filter { $0.contains("class=\"rule fired\"") }.count == 3)
            let keeps = HeadlessChromium.elements(
                page,
                tag: "li",
                attribute: "data-rule",
                value: "hide-when-ring-stops"
            )
            #expect(keeps.contains { $0.contains("not-fired") && $0.contains("event.reason != \"answered\"") })
            #expect(await rig.stopEngine() == 0)
        }
    }
}
