import Actions
import Adapters
import Foundation
import PortalTestSupport
import Simulators
import TestSupport
import Testing

@Suite("Delivery through portal faults: nothing lost, nothing doubled")
struct DeliveryFaultTests {
    /// Every call took effect exactly once and in order, from the portal's journal and CRM.
    func expectExactlyOnce(
        _ fixture: PortalFixture,
        calls: Range<Int>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let audit = JournalAudit(fixture.portal.journal)
        for index in calls {
            let key = SyntheticCalls.callKey(index)
            #expect(audit.callIDs[key]?.count == 1, "one CALL_ID for \(key)", sourceLocation: sourceLocation)
            #expect(
                audit.count("telephony.externalcall.finish", call: key) == 1,
                "one finish for \(key)",
                sourceLocation: sourceLocation
            )
            #expect(audit.orderProblems(call: key) == [], sourceLocation: sourceLocation)
            let leads = fixture.portal.crmEntities(type: "LEAD").filter {
                $0.phones.contains(SyntheticCalls.phone(index))
            }
            #expect(leads.count == 1, "one lead for \(key)", sourceLocation: sourceLocation)
        }
        #expect(fixture.portal.liveCalls.isEmpty, sourceLocation: sourceLocation)
    }

    @Test("503, then 500, then hangs, then dropped connections, then 401 — and recovery")
    func faultSequence() async throws {
        // Hung requests are held 5 s and end at the client's 2 s timeout: a busy machine (the whole suite in parallel)
        // may take a few hundred milliseconds to answer, and a 503 that the client had already given up on would
        // reach it as a timeout, not as the rate limit.
        try await PortalFixture.withOperators(configuration: FakeBitrix24Configuration(hangSeconds: 5)) { fixture in
            let portal = fixture.portal
            portal.injectFault(.queryLimitExceeded, times: 4)
            portal.injectFault(.internalServerError, times: 4)
            portal.injectFault(.hang, times: 2)
            portal.injectFault(.dropConnection, times: 4)
            portal.injectFault(.invalidCredentials, times: 4)
            // A 503 fills the client's bucket; at 2/s the recovery would take seconds, so the client runs at 50/s here
            // (the portal's own bucket, 2/s burst 50, is never reached by these few requests).
            let scheduler = try fixture.scheduler(
                PortalFixture.fastDelivery(rateLimit: .init(burst: 50, perSecond: 50)),
                timeout: .seconds(2)
            )
            try await scheduler.withRunning {
                for index in 0..<20 {
                    try await scheduler.enqueue(
                        SyntheticCalls.commands(index: index, operators: fixture.operators, script: .full)
                    )
                }
                #expect(await drained(scheduler))
            }
            let statistics = await scheduler.statistics

            let faulted = portal.journal.filter { $0.fault != nil }
            #expect(faulted.count == 18, "every injected fault was hit")
            #expect(statistics.deadLettered == 0)
            #expect(statistics.portalPauses >= 1)
            #expect(statistics.rateLimitedAnswers >= 1)
            #expect(fixture.logs.all.contains { $0.contains("bitrix24 portal paused") })
            expectExactlyOnce(fixture, calls: 0..<20)
            #expect(try await Outbox(path: fixture.outboxPath).pendingCount() == 0)
            // The secret never reached a log line.
            #expect(!fixture.logs.all.contains { $0.contains(portal.configuration.webhookSecret) })
        }
    }

    @Test("Answers lost after the portal acted: register, lead and finish still take effect once")
    func lostAnswers() async throws {
        try await PortalFixture.withOperators { fixture in
            let portal = fixture.portal
            // One command per request, so each fault hits the method it names (the fake faults whole requests).
            portal.injectFault(.dropAfterProcessing, times: 1, method: "telephony.externalcall.register")
            portal.injectFault(.dropAfterProcessing, times: 1, method: "crm.lead.add")
            portal.injectFault(.dropAfterProcessing, times: 1, method: "telephony.externalcall.finish")
            let scheduler = try fixture.scheduler(PortalFixture.fastDelivery(batchLimit: 1))
            try await scheduler.withRunning {
                try await scheduler.enqueue(
                    SyntheticCalls.commands(index: 0, operators: fixture.operators, script: .full)
                )
                #expect(await drained(scheduler))
            }
            let statistics = await scheduler.statistics

            let journal = portal.journal
            #expect(journal.filter { $0.fault == .dropAfterProcessing }.count == 3)
            // The register ran twice (its first answer was lost) and got the same CALL_ID back.
            #expect(journal.filter { $0.method == "telephony.externalcall.register" && $0.status == 200 }.count == 2)
            // The lead add ran once; the retry's duplicate check found it.
            #expect(journal.filter { $0.method == "crm.lead.add" && $0.status == 200 }.count == 1)
            // The retried finish was told "Call is not found…" and counted as done.
            #expect(
                journal.contains {
                    $0.method == "telephony.externalcall.finish"
                        && $0.error?.description.hasPrefix("Call is not found") == true
                }
            )
            #expect(statistics.deadLettered == 0)
            expectExactlyOnce(fixture, calls: 0..<1)
        }
    }

    @Test("A register with CRM_CREATE=1 whose answer was lost: one call, one lead; its finish waits for the answer")
    func lostRegisterWithLead() async throws {
        try await PortalFixture.withOperators { fixture in
            let portal = fixture.portal
            portal.injectFault(.dropAfterProcessing, times: 1, method: "telephony.externalcall.register")
            let scheduler = try fixture.scheduler()
            let key = "crm.1"
            try await scheduler.withRunning {
                try await scheduler.enqueue([
                    .register(
                        callKey: key,
                        params: ["USER_ID": 100, "PHONE_NUMBER": "+79990005555", "TYPE": 2, "CRM_CREATE": 1]
                    ),
                    .finish(callKey: key, params: ["USER_ID": 100, "DURATION": 12]),
                ])
                #expect(await drained(scheduler))
            }
            let journal = portal.journal
            #expect(journal.filter { $0.method == "telephony.externalcall.register" && $0.status == 200 }.count == 2)
            #expect(!journal.contains { $0.inBatch }, "register and finish never share a batch")
            #expect(JournalAudit(journal).callIDs[key]?.count == 1)
            #expect(portal.crmEntities(type: "LEAD").count == 1)
            #expect(journal.filter { $0.method == "telephony.externalcall.finish" && $0.status == 200 }.count == 1)
        }
    }

    @Test("429 OPERATION_TIME_LIMIT backs off that method until operating_reset_at (manual clocks); others go on")
    func methodBackoff() async throws {
        let configuration = FakeBitrix24Configuration(hangSeconds: 1)
        try await PortalFixture.with(configuration: configuration, users: .operators(3)) { fixture in
            let portal = fixture.portal
            // The portal and the scheduler read the same time, moved by the test.
            let clock = ManualDeliveryClock(start: Date(timeIntervalSince1970: fixture.clock.now))
            portal.blockMethod("telephony.externalcall.finish", until: fixture.clock.now + 4)
            let scheduler = try fixture.scheduler(clock: clock)
            try await scheduler.withRunning {
                let key = "blocked.1"
                try await scheduler.enqueue([
                    .register(
                        callKey: key,
                        params: ["USER_ID": 100, "PHONE_NUMBER": "+79990002222", "TYPE": 2, "SHOW": 0]
                    ),
                    .finish(callKey: key, params: ["USER_ID": 100, "DURATION": 5]),
                ])
                let refused = await eventually { portal.journal.contains { $0.status == 429 } }
                #expect(refused)
                // While finish is blocked, another call's commands are delivered.
                try await scheduler.enqueue(
                    SyntheticCalls.commands(index: 3, operators: fixture.operators, script: .ring)
                )
                let other = await eventually { portal.visibleCards(for: fixture.operators[0]).count == 1 }
                #expect(other)
                let onlyFinishWaits = await eventually { await scheduler.pendingCount == 1 }
                #expect(onlyFinishWaits)
                // The scheduler sleeps until the reset, to the second.
                let reset = clock.now.addingTimeInterval(4)
                let sleeping = await eventually { clock.sleepingUntil.contains(reset) }
                #expect(sleeping)
                fixture.advance(by: 4)
                clock.advance(by: 4)
                #expect(await drained(scheduler))
            }
            let finishes = portal.journal.filter { $0.method == "telephony.externalcall.finish" }
            #expect(finishes.map(\.status) == [429, 200])
            #expect(fixture.logs.all.contains { $0.contains("bitrix24 method backed off") })
        }
    }

    @Test("A command the portal refuses for good goes to the dead letters, with its dependants, a log line and a count")
    func deadLetters() async throws {
        try await PortalFixture.withOperators { fixture in
            let scheduler = try fixture.scheduler()
            let key = "dead.1"
            try await scheduler.withRunning {
                try await scheduler.enqueue([
                    // User 999 does not exist: 400 "User is not found or is not active".
                    .register(callKey: key, params: ["USER_ID": 999, "PHONE_NUMBER": "+79990003333", "TYPE": 2]),
                    .show(callKey: key, step: "show", userIDs: [100]),
                    .finish(callKey: key, params: ["USER_ID": 100]),
                ])
                try await scheduler.enqueue(
                    SyntheticCalls.commands(index: 1, operators: fixture.operators, script: .ring)
                )
                #expect(await drained(scheduler))
            }
            let statistics = await scheduler.statistics

            #expect(statistics.deadLettered == 3)
            let dead = try await Outbox(path: fixture.outboxPath).deadLetters()
            #expect(dead.map(\.command.step) == ["register", "show", "finish"])
            #expect(dead.first?.reason.contains("User is not found") == true)
            #expect(dead.dropFirst().allSatisfy { $0.reason.hasPrefix("depends on register") })
            #expect(fixture.logs.all.filter { $0.contains("dead letter") }.count == 3)
            #expect(fixture.portal.visibleCards(for: fixture.operators[0]).count == 1, "the other call was delivered")
        }
    }

    @Test("Retries stop after N attempts: the command becomes a dead letter")
    func attemptsExhausted() async throws {
        try await PortalFixture.withOperators { fixture in
            fixture.portal.injectFault(.internalServerError, times: 100)
            let scheduler = try fixture.scheduler(PortalFixture.fastDelivery(maxAttempts: 3))
            try await scheduler.withRunning {
                try await scheduler.enqueue([
                    .register(callKey: "x", params: ["USER_ID": 100, "PHONE_NUMBER": "+79990004444", "TYPE": 2])
                ])
                #expect(await drained(scheduler))
            }
            let statistics = await scheduler.statistics
            #expect(statistics.deadLettered == 1)
            #expect(statistics.retries == 3)
            #expect(fixture.portal.journal.count == 3)
            let dead = try await Outbox(path: fixture.outboxPath).deadLetters()
            #expect(dead.first?.attempts == 3)
            #expect(dead.first?.reason.contains("INTERNAL_SERVER_ERROR") == true)
        }
    }
}

@Suite("Delivery to an unreachable portal")
struct UnreachablePortalTests {
    @Test("Connection refused: work stays queued, no attempt is counted, nothing is dead-lettered")
    func unreachable() async throws {
        try await PortalFixture.withOperators { fixture in
            await fixture.portal.stop()  // nothing listens on its port any more
            let scheduler = try fixture.scheduler(
                PortalFixture.fastDelivery(maxAttempts: 2),
                timeout: .milliseconds(500)
            )
            try await scheduler.withRunning {
                try await scheduler.enqueue(
                    SyntheticCalls.commands(index: 0, operators: fixture.operators, script: .full)
                )
                let tried = await eventually { await scheduler.statistics.requestsSent >= 5 }
                #expect(tried)
            }
            let statistics = await scheduler.statistics
            #expect(statistics.deadLettered == 0)
            let pending = try await Outbox(path: fixture.outboxPath).pending()
            #expect(pending.count == 5)
            #expect(pending.allSatisfy { $0.attempts == 0 })
            #expect(fixture.logs.all.contains { $0.contains("portal unavailable") })
        }
    }
}
