import Actions
import Adapters
import Engine
import Foundation
import PortalTestSupport
import RuleDSL
import Simulators
import TestSupport
import Testing

/// The pipeline with the default rules against the fake portal over HTTP: an intent waiting for a result holds the
/// call's later intents, and a result given up lets `a ?? b` fall back.
@Suite("Call pipeline: held intents and results that never come")
struct CallPipelineTests {
    @Test("the CRM search is refused for good: the missed call is still finished, for the default user")
    func givenUpResultFallsBack() async throws {
        try await PortalFixture.withOperators(operators: 3) { fixture in
            let portal = fixture.portal
            for (ext, id) in [("201", 201), ("202", 202), ("203", 203)] {
                portal.addUser(FakeBitrix24User(id: id, name: "Operator \(ext)", phoneInner: ext))
            }
            // The search hangs (1 s) — so the finish is made while `call.crm` is still on its way and must wait —
            // then is refused as a bad request: a dead letter, so `call.crm` is given up.
            portal.injectFault(.hang, times: 1, method: "telephony.externalcall.searchcrmentities")
            portal.injectFault(
                .error(status: 400, code: "ERROR_ARGUMENT", description: "bad phone"),
                times: 100,
                method: "telephony.externalcall.searchcrmentities"
            )
            let ruleSet = try #require(
                RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder]).ruleSet
            )
            let lookup = UserLookup(overrides: ["201": 201, "202": 202, "203": 203])
            let engine = CallEngine(
                generation: RuleGeneration(number: 1, ruleSet: ruleSet),
                interpreter: RuleInterpreter(config: EngineConfig().expressionValue, functions: lookup.functions)
            )
            // One command per request, so the faults hit the search (the fake faults whole requests).
            let scheduler = try fixture.scheduler(PortalFixture.fastDelivery(batchLimit: 1))
            let pipeline = CallPipeline(engine: engine, scheduler: scheduler, ami: nil, logger: fixture.logs.logger)
            let capture = try AMICapture(contentsOf: RepositoryFiles.capture("abandon"))
            try await scheduler.withRunning {
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask { for await outcomes in scheduler.outcomes { await pipeline.land(outcomes) } }
                    for message in capture.messages { await pipeline.handle(message) }
                    let finished = await eventually(timeout: .seconds(20)) {
                        portal.journal.contains { $0.method == "telephony.externalcall.finish" && $0.status == 200 }
                    }
                    #expect(finished)
                    await scheduler.waitUntilIdle()
                    group.cancelAll()
                }
            }
            let finish = try #require(
                portal.journal.first { $0.method == "telephony.externalcall.finish" && $0.status == 200 }
            )
            #expect(finish.params["USER_ID"]?.intValue == 1, "the default user: the responsible manager is unknown")
            #expect(finish.params["STATUS_CODE"]?.stringValue == "304")
            // Every card shown was hidden before the finish.
            for user in [201, 202, 203] { #expect(portal.visibleCards(for: user).isEmpty, "user \(user)") }
            let searches = portal.journal.filter { $0.method == "telephony.externalcall.searchcrmentities" }
            #expect(searches.map(\.status) == [0, 400])
            #expect(
                fixture.logs.all.contains { $0.contains("action waits for a result") && $0.contains("b24.finish_call") }
            )
        }
    }
}

/// The pipeline's held intents on a manual clock: they wait exactly the limit, not a probe interval more.
@Suite("Call pipeline: the wait limit, exactly")
struct CallPipelineWaitLimitTests {
    @Test("no portal, so the CRM search never answers: the finish waits exactly 30 s, then goes on without it")
    func heldExactlyTheLimit() async throws {
        let ruleSet = try #require(RuleSetLoader.load(paths: [RepositoryFiles.rulesFolder]).ruleSet)
        let lookup = UserLookup(overrides: ["201": 201, "202": 202, "203": 203])
        let engine = CallEngine(
            generation: RuleGeneration(number: 1, ruleSet: ruleSet),
            interpreter: RuleInterpreter(config: EngineConfig().expressionValue, functions: lookup.functions)
        )
        let clock = ManualDeliveryClock()
        let logs = LogCapture()
        let pipeline = CallPipeline(
            engine: engine,
            scheduler: nil,
            ami: nil,
            heldIntentLimit: .seconds(30),
            clock: clock,
            logger: logs.logger
        )
        let capture = try AMICapture(contentsOf: RepositoryFiles.capture("abandon"))
        await withDiscardingTaskGroup { group in
            group.addTask { await pipeline.expireHeldIntents() }
            for message in capture.messages { await pipeline.handle(message) }
            let deadline = clock.now.addingTimeInterval(30)
            #expect(await pipeline.heldIntentCount > 0)
            #expect(await pipeline.nextHeldDeadline == deadline)
            let sleeping = await eventually(timeout: .seconds(60)) { clock.sleepingUntil == [deadline] }
            #expect(sleeping, "the timer sleeps until the deadline itself")
            clock.advance(to: deadline.addingTimeInterval(-0.001))
            #expect(await pipeline.heldIntentCount > 0)
            clock.advance(to: deadline)
            let released = await eventually { await pipeline.heldIntentCount == 0 }
            #expect(released)
            #expect(logs.all.contains { $0.contains("a result never came") })
            group.cancelAll()
        }
    }
}
