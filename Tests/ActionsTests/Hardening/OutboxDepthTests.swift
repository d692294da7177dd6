import Actions
import Adapters
import Foundation
import PortalTestSupport
import Simulators
import TestSupport
import Testing

/// The outbox's depth during a long outage (hardening item 7, the depth): nothing is dropped at any depth — register
/// and finish wait for the portal however long it is away —, and the growth is visible: the depth counts what is
/// held, and passing the high-water mark is an error in the log once, until the depth is back to half the mark.
@Suite("Outbox depth during a long outage (hardening item 7)")
struct OutboxDepthTests {
    @Test("outbox depth: the high-water mark is reported once on the way up and once back at half, not in between")
    func outboxDepthHighWaterHysteresis() {
        var watch = OutboxHighWater(mark: 10)
        let depths = [0, 5, 10, 11, 40, 9, 12, 6, 5, 4, 11, 11, 0]
        let crossings = depths.compactMap { watch.observe(depth: $0) }
        #expect(crossings == [.passed(depth: 11), .backBelow(depth: 5), .passed(depth: 11), .backBelow(depth: 0)])
        #expect(!watch.isAbove)
        #expect(OutboxHighWater(mark: 0).mark == 1, "a mark of at least one command")
    }

    @Test("outbox depth: a long outage passes the high-water mark — alerted once, nothing dropped, each call once")
    func outboxDepthLongOutageIsVisibleAndLosesNothing() async throws {
        try await PortalFixture.with(users: .operators(3)) { fixture in
            let portal = fixture.portal
            let clock = ManualDeliveryClock(start: Date(timeIntervalSince1970: fixture.clock.now))
            portal.injectFault(.invalidCredentials, times: 100_000)  // the portal refuses everything for hours
            let outbox = try Outbox(path: fixture.outboxPath)
            var configuration = PortalFixture.fastDelivery()
            configuration.depthHighWater = 10
            let scheduler = try fixture.scheduler(configuration, outbox: outbox, clock: clock)
            let calls = 0..<6
            try await scheduler.withRunning {
                for index in calls {
                    try await scheduler.enqueue(
                        SyntheticCalls.commands(index: index, operators: fixture.operators, script: .full)
                    )
                }
                #expect(await eventually { await scheduler.isPortalPaused })
                #expect(await scheduler.isAboveHighWater)
                let passed = fixture.logs.all.filter { $0.contains("outbox depth passed its high-water mark") }
                #expect(passed.count == 1, "\(fixture.logs.all.suffix(10))")
                #expect(passed.first?.contains("high_water=10") == true, "\(passed)")

                // Three hours go by: the cards expire (a card for a call long over is wrong), everything else
                // waits, and the depth stays above the mark without another alert.
                clock.advance(by: 3 * 3_600)
                // (A card in flight at that moment is looked at again a second later.)
                let settled = await eventually {
                    if (try? await outbox.deadLetters().count) == calls.count { return true }
                    clock.advance(by: 1)
                    return false
                }
                #expect(settled, "\(fixture.logs.all.suffix(10))")
                #expect(await scheduler.pendingCount == calls.count * 4, "register, lead, hide and finish wait")
                #expect(fixture.logs.all.count { $0.contains("outbox depth passed its high-water mark") } == 1)

                // The portal is back: everything waiting goes, once; the depth falls back and that is said once.
                portal.clearFaults()
                await scheduler.resumePortal()
                #expect(await drained(scheduler, advancing: clock), "\(fixture.logs.all.suffix(10))")
                #expect(await !scheduler.isAboveHighWater)
            }
            #expect(fixture.logs.all.count { $0.contains("outbox depth back to half its high-water mark") } == 1)
            let audit = JournalAudit(portal.journal)
            for index in calls {
                let key = SyntheticCalls.callKey(index)
                #expect(audit.callIDs[key]?.count == 1, "registered once: \(key)")
                #expect(audit.count("telephony.externalcall.finish", call: key) == 1, "finished once: \(key)")
            }
            #expect(portal.liveCalls.isEmpty)
            let letters = try await outbox.deadLetters()
            #expect(letters.allSatisfy { $0.command.kind == .show }, "only cards are ever given up")
        }
    }
}
