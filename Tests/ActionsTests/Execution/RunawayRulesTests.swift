import Actions
import Adapters
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// Item 8 of the hardening issue, runaway rules: a rule that triggers itself is stopped by the call's budget of
/// actions; AMI actions share a rate limit; register, finish and hide are never refused.
@Suite("Runaway rules")
struct RunawayRulesTests {
    /// A CRM search on every `call.result`, bound again: each result fires the next search, for ever.
    static let storm = """
        version: 1
        rules:
          - id: first-search
            on: call.started
            when: call.direction == "inbound"
            do:
              - b24.search_crm: {phone: "79161234567"}
                as: crm
          - id: search-again
            on: call.result
            do:
              - b24.search_crm: {phone: "79161234567"}
                as: crm
        """

    @Test("runaway rules: a rule that triggers itself stops at the call's budget of actions")
    func runawayRulesSelfTriggeringRuleStopsAtTheCallBudget() async throws {
        try await DeliveryFixture.with(operators: 0) { fixture in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runaway-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try Self.storm.write(to: folder.appendingPathComponent("storm.yaml"), atomically: true, encoding: .utf8)
            let loaded = RuleSetLoader.load(paths: [folder.path])
            let ruleSet = try #require(loaded.ruleSet)
            #expect(loaded.report.diagnostics.contains { $0.code == .selfTriggeringRule })

            let scheduler = try fixture.scheduler()
            let limits = RunawayGuard.Limits(actionsPerCall: 8, amiActionsPerCall: 4, amiPerSecond: 20, amiBurst: 40)
            let pipeline = CallPipeline(
                engine: CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet)),
                scheduler: scheduler,
                ami: nil,
                logger: fixture.logs.logger,
                runawayLimits: limits
            )
            try await scheduler.start()
            let landing = Task { for await outcome in scheduler.outcomes { await pipeline.land(outcome) } }
            defer { landing.cancel() }

            // The call stays up (replayed up to its first hangup), so its results keep landing.
            let events = try AMICapture(contentsOf: RepositoryFiles.capture("answered")).events
            for message in events.prefix(while: { $0.name != "Hangup" }) { await pipeline.handle(message) }
            let stopped = await eventually(timeout: .seconds(20)) {
                fixture.logs.all.contains { $0.contains("runaway rules: the call spent its budget") }
            }
            #expect(stopped, "\(fixture.logs.all.suffix(20))")
            await scheduler.waitUntilIdle()
            await scheduler.stop()
            let searches = fixture.portal.journal.filter { $0.method == "telephony.externalcall.searchcrmentities" }
            #expect(searches.count == limits.actionsPerCall)
            #expect(fixture.logs.all.filter { $0.contains("runaway rules: the call spent its budget") }.count == 1)
        }
    }

    @Test("runaway rules: AMI actions over the rate limit are refused, per call past its AMI budget")
    func runawayRulesAMIRateLimitAndCallBudget() {
        let limits = RunawayGuard.Limits(actionsPerCall: 100, amiActionsPerCall: 3, amiPerSecond: 2, amiBurst: 4)
        var guardian = RunawayGuard(limits: limits)
        let start = Date(timeIntervalSince1970: 1_000)
        // Four calls originate at once: the burst of four goes, the fifth is rate limited.
        for call in ["a", "b", "c", "d"] {
            #expect(guardian.admit(.originate, callID: call, at: start) == .allowed)
        }
        #expect(guardian.admit(.originate, callID: "e", at: start) == .amiRateLimited)
        // Half a second later one more fits (2 per second).
        #expect(guardian.admit(.redirect, callID: "a", at: start.addingTimeInterval(0.5)) == .allowed)
        #expect(guardian.admit(.hangup, callID: "a", at: start.addingTimeInterval(1.0)) == .allowed)
        // Call a has sent three AMI actions: its fourth is over its budget, reported once.
        #expect(
            guardian.admit(.setVariable, callID: "a", at: start.addingTimeInterval(10))
                == .overCallBudget(limit: 3, firstTime: true)
        )
        #expect(
            guardian.admit(.setVariable, callID: "a", at: start.addingTimeInterval(11))
                == .overCallBudget(limit: 3, firstTime: false)
        )
        // Bitrix24 actions of that call still run; finishing and hiding are never refused.
        #expect(guardian.admit(.showCard, callID: "a", at: start.addingTimeInterval(12)) == .allowed)
        #expect(guardian.admit(.finishCall, callID: "a", at: start.addingTimeInterval(12)) == .allowed)
    }

    @Test("runaway rules: register, finish and hide go through a spent budget")
    func runawayRulesNeverRefuseRegisterFinishOrHide() {
        var guardian = RunawayGuard(
            limits: .init(actionsPerCall: 2, amiActionsPerCall: 1, amiPerSecond: 1, amiBurst: 1)
        )
        let now = Date()
        #expect(guardian.admit(.showCard, callID: "x", at: now) == .allowed)
        #expect(guardian.admit(.searchCRM, callID: "x", at: now) == .allowed)
        #expect(guardian.admit(.createLead, callID: "x", at: now) == .overCallBudget(limit: 2, firstTime: true))
        for kind: ActionKind in [.registerCall, .hideCard, .finishCall] {
            #expect(guardian.admit(kind, callID: "x", at: now) == .allowed)
        }
    }
}
