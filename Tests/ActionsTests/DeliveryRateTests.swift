import Actions
import Adapters
import Foundation
import Simulators
import TestSupport
import Testing

@Suite("Delivery at the portal's rate limit")
struct DeliveryRateTests {
    /// Replays request arrival times through the portal's bucket; returns the highest level reached.
    func peakLevel(_ times: [Double], capacity: Double, perSecond: Double) -> Double {
        var level = 0.0
        var last: Double?
        var peak = 0.0
        for time in times.sorted() {
            if let last { level = max(0, level - (time - last) * perSecond) }
            last = time
            level += 1
            peak = max(peak, level)
        }
        return peak
    }

    @Test("200 calls × 10 ringing operators at once: no 503, bucket never exceeded, about ten requests")
    func twoHundredCalls() async throws {
        let clock = RecordingClock()
        try await DeliveryFixture.with(clock: clock, operators: 10) { fixture in
            let scheduler = try fixture.scheduler()
            try await scheduler.start()
            // Calls arrive one by one while the scheduler is already sending.
            for index in 0..<200 {
                try await scheduler.enqueue(
                    SyntheticCalls.commands(index: index, operators: fixture.operators, script: .ring)
                )
            }
            let drained = await eventually(timeout: .seconds(20)) { await scheduler.pendingCount == 0 }
            await scheduler.stop()
            #expect(drained)

            let audit = JournalAudit(fixture.portal.journal)
            #expect(audit.rateLimited == 0)
            #expect(!fixture.portal.journal.contains { $0.status == 503 })
            #expect(audit.requests.count >= 8 && audit.requests.count <= 14, "requests: \(audit.requests.count)")
            #expect(clock.all.count == audit.requests.count)
            #expect(peakLevel(clock.all, capacity: 50, perSecond: 2) <= 50)
            for user in fixture.operators { #expect(fixture.portal.visibleCards(for: user).count == 200) }
        }
    }

    @Test("A tight bucket (portal burst 3, 20/s; client 18/s) paces requests: none refused")
    func pacing() async throws {
        let clock = RecordingClock()
        let configuration = FakeBitrix24Configuration(rateLimit: .init(capacity: 3, drainPerSecond: 20), hangSeconds: 1)
        try await DeliveryFixture.with(configuration: configuration, clock: clock) { fixture in
            let scheduler = try fixture.scheduler(
                DeliveryFixture.fastConfiguration(rateLimit: .init(burst: 3, perSecond: 18), batchLimit: 1)
            )
            try await scheduler.start()
            try await scheduler.enqueue(
                (0..<10).flatMap { SyntheticCalls.commands(index: $0, operators: fixture.operators, script: .ring) }
            )
            #expect(await drained(scheduler))
            await scheduler.stop()

            let journal = fixture.portal.journal
            #expect(!journal.contains { $0.status == 503 })
            #expect(journal.filter { !$0.inBatch }.count == 20)
            #expect(peakLevel(clock.all, capacity: 3, perSecond: 20) <= 3)
            let span = (clock.all.max() ?? 0) - (clock.all.min() ?? 0)
            #expect(span >= 0.8, "20 requests at 18/s after a burst of 3 take ≈0.94 s, took \(span)")
        }
    }
}
