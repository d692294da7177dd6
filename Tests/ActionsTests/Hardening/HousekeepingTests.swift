import Actions
import Adapters
import Foundation
import PortalTestSupport
import Simulators
import TestSupport
import Testing

/// Item 7 of the hardening issue, housekeeping: with the portal refusing us (a revoked webhook), cards that waited
/// past their maximum age are given up instead of shown late, while register and finish wait and go once the portal
/// is back; delivered rows and dead letters are pruned by age (manual clock); the oldest waiting command is visible.
@Suite("Housekeeping (hardening item 7)")
struct HousekeepingTests {
    @Test("housekeeping: stale cards expire, register and finish never do; delivered rows and dead letters pruned")
    func housekeepingExpiresStaleCardsAndPrunesByAge() async throws {
        try await PortalFixture.with(users: .operators(3)) { fixture in
            let portal = fixture.portal
            let clock = ManualDeliveryClock(start: Date(timeIntervalSince1970: fixture.clock.now))
            let start = clock.now
            portal.injectFault(.invalidCredentials, times: 1_000)  // a revoked webhook
            let outbox = try Outbox(path: fixture.outboxPath)
            let scheduler = try fixture.scheduler(outbox: outbox, clock: clock)
            let calls = 0..<3
            try await scheduler.withRunning {
                for index in calls {
                    try await scheduler.enqueue(
                        SyntheticCalls.commands(index: index, operators: fixture.operators, script: .full)
                    )
                }
                #expect(await eventually { await scheduler.isPortalPaused })
                let oldest = try await outbox.oldestPending()
                #expect(
                    oldest.map { abs($0.timeIntervalSince(start)) < 0.001 } == true,
                    "the age of what waits is visible"
                )
                // Ten minutes and a second later, the cards are no longer true: given up, never shown.
                clock.advance(by: 601)
                // (A card in flight at that moment is looked at again a second later.)
                let expired = await eventually {
                    if (try? await outbox.deadLetters().count) == calls.count { return true }
                    clock.advance(by: 1)
                    return false
                }
                #expect(expired, "\(fixture.logs.all.suffix(10))")
                let letters = try await outbox.deadLetters()
                #expect(letters.allSatisfy { $0.command.kind == .show && $0.reason.hasPrefix("expired") })
                #expect(fixture.logs.all.filter { $0.contains("card expired before it could be shown") }.count == 3)
                #expect(await scheduler.pendingCount == calls.count * 4, "register, lead, hide and finish wait")
                // The webhook works again: everything else goes, once.
                portal.clearFaults()
                await scheduler.resumePortal()
                #expect(await drained(scheduler, advancing: clock), "\(fixture.logs.all.suffix(10))")
            }
            let audit = JournalAudit(portal.journal)
            for index in calls {
                let key = SyntheticCalls.callKey(index)
                #expect(audit.callIDs[key]?.count == 1)
                #expect(audit.count("telephony.externalcall.finish", call: key) == 1)
                #expect(audit.count("telephony.externalcall.show", call: key) == 0)
            }
            #expect(portal.liveCalls.isEmpty)
            for user in fixture.operators { #expect(portal.visibleCards(for: user).isEmpty) }
            #expect(try await outbox.oldestPending() == nil)

            // A week later the results of the settled calls go; the dead letters stay for their 30 days.
            let key = SyntheticCalls.callKey(0)
            #expect(try await outbox.deliveredResult(callKey: key, step: DeliveryCommand.registerStep) != nil)
            clock.advance(by: 8 * 86_400)
            let week = await scheduler.housekeeping()
            #expect(week == Outbox.Pruned(delivered: calls.count * 4, deadLetters: 0))
            #expect(try await outbox.deliveredResult(callKey: key, step: DeliveryCommand.registerStep) == nil)
            #expect(try await outbox.deadLetters().count == calls.count)
            clock.advance(by: 23 * 86_400)
            let month = await scheduler.housekeeping()
            #expect(month == Outbox.Pruned(delivered: 0, deadLetters: calls.count))
            #expect(try await outbox.deadLetters().isEmpty)
        }
    }

    @Test("housekeeping: the state machine expires a waiting show only, at its maximum age, and wakes for it")
    func housekeepingMachineExpiresShowOnly() {
        var machine = DeliveryStateMachine(
            configuration: DeliveryConfiguration(showCardMaxAge: .seconds(600)),
            random: SplitMix64(seed: 1)
        )
        let start = Date(timeIntervalSince1970: 1_000)
        _ = machine.restored(pending: [], results: [:], now: start)
        _ = machine.pausePortal(reason: "401", now: start)
        let commands = SyntheticCalls.commands(index: 0, operators: [1, 2], script: .full)
        let entries = commands.enumerated().map {
            OutboxEntry(id: Int64($0.offset + 1), command: $0.element, notBefore: start)
        }
        let queued = machine.queued(entries, results: [:], now: start)
        let wake = queued.compactMap { if case .wake(let at) = $0 { at } else { nil } }.last
        #expect(wake == start.addingTimeInterval(30), "the portal pause ends first")
        let later = machine.tick(now: start.addingTimeInterval(600))
        let writes = later.compactMap { if case .write(let write) = $0 { write } else { nil } }
        #expect(writes.count == 1)
        let dead = writes.first?.changes.compactMap { change -> DeliveryCommandKind? in
            if case .deadLetter(let entry, _) = change { return entry.command.kind }
            return nil
        }
        #expect(dead == [.show])
    }
}
