import Foundation
import Simulators
import Testing

/// Rules are data: editing the rig's copy of rules/ and sending SIGHUP changes what the same binary does.
@Suite("end to end: rule edits and SIGHUP", .serialized)
struct RuleEditEndToEndTests {
    @Test("delete the card rules and map a missed call to 486: after SIGHUP no card pops and the finish says 486")
    func editedRulesTakeEffect() async throws {
        try await EndToEndRig.with { rig in
            try await rig.startEngine()
            try await rig.replay("answered")
            #expect(await rig.awaitFinish(of: ExpectedCall.answered.linkedid), "\(rig.log)")
            #expect(
                rig.journal(of: ExpectedCall.answered.linkedid).shownUsers == [11, 12, 13],
                "\(rig.describeJournal())"
            )

            try FileManager.default.removeItem(at: rig.rulesFolder.appendingPathComponent("20-cards.yaml"))
            let finishRules = rig.rulesFolder.appendingPathComponent("30-finish.yaml")
            let original = try String(contentsOf: finishRules, encoding: .utf8)
            #expect(original.contains("'304'"), "30-finish.yaml no longer spells the missed status as '304'")
            try original.replacingOccurrences(of: "'304'", with: "'486'").write(
                to: finishRules,
                atomically: true,
                encoding: .utf8
            )
            rig.send(SIGHUP)
            #expect(await rig.awaitLog("rules reloaded"), "no reload logged\n\(rig.log)")

            try await rig.replay("abandon")
            #expect(await rig.awaitFinish(of: ExpectedCall.abandon.linkedid), "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0)
            let abandoned = rig.journal(of: ExpectedCall.abandon.linkedid)
            #expect(abandoned.registers.count == 1, "\(rig.describeJournal())")
            #expect(abandoned.shows.isEmpty, "cards shown without a card rule\n\(rig.describeJournal())")
            #expect(abandoned.finishes.count == 1)
            #expect(abandoned.finishes.first?.params["STATUS_CODE"]?.stringValue == "486", "\(rig.describeJournal())")
        }
    }

    @Test("a broken rules edit and SIGHUP: 'rules not reloaded', the rules in force still pop cards and say 304")
    func brokenEditKeepsRulesInForce() async throws {
        try await EndToEndRig.with { rig in
            try await rig.startEngine()
            try await rig.replay("answered")
            #expect(await rig.awaitFinish(of: ExpectedCall.answered.linkedid), "\(rig.log)")

            try FileManager.default.removeItem(at: rig.rulesFolder.appendingPathComponent("20-cards.yaml"))
            let broken = """
                version: 1
                rules:
                  - id: finish-inbound-broken
                    on: call.ended
                    when: call.direction ==
                    do: [{b24.finish_call: {call: "x"}}]
                """
            try broken.write(
                to: rig.rulesFolder.appendingPathComponent("35-broken.yaml"),
                atomically: true,
                encoding: .utf8
            )
            rig.send(SIGHUP)
            #expect(await rig.awaitLog("rules not reloaded"), "no failed reload logged\n\(rig.log)")
            #expect(!rig.log.contains("rules reloaded"), "a broken folder was put in force\n\(rig.log)")

            try await rig.replay("abandon")
            #expect(await rig.awaitFinish(of: ExpectedCall.abandon.linkedid), "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0)
            let abandoned = rig.journal(of: ExpectedCall.abandon.linkedid)
            #expect(abandoned.shownUsers == [11, 12, 13], "the old card rule no longer acts\n\(rig.describeJournal())")
            #expect(abandoned.finishes.count == 1)
            #expect(abandoned.finishes.first?.params["STATUS_CODE"]?.stringValue == "304", "\(rig.describeJournal())")
            for user in EndToEndRig.allUsers { #expect(rig.portal.visibleCards(for: user).isEmpty) }
        }
    }
}
