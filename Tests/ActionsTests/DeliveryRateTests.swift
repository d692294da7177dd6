import Actions
import Adapters
import Foundation
import PortalTestSupport
import Simulators
import Synchronization
import TestSupport
import Testing

/// The driver at the fake portal's real limit over HTTP. The exact request counts and send times are the state
/// machine's (DeliveryStateMachineTests); here the portal's own bucket judges the requests as they arrive.
@Suite("Delivery at the portal's rate limit")
struct DeliveryRateTests {
    /// Replays request arrival times through the portal's bucket; returns the highest level reached.
    func peakLevel(_ times: [Double], perSecond: Double) -> Double {
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

    @Test("200 calls × 10 ringing operators at once: no 503, the bucket never exceeded, every card delivered")
    func twoHundredCalls() async throws {
        let clock = RecordingClock()
        let configuration = FakeBitrix24Configuration(hangSeconds: 1)
        try await PortalFixture.with(configuration: configuration, clock: clock, users: .operators(10)) { fixture in
            let scheduler = try fixture.scheduler()
            try await scheduler.withRunning {
                // Calls arrive one by one while the scheduler is already sending.
                for index in 0..<200 {
                    try await scheduler.enqueue(
                        SyntheticCalls.commands(index: index, operators: fixture.operators, script: .ring)
                    )
                }
                #expect(await drained(scheduler))
            }
            let audit = JournalAudit(fixture.portal.journal)
            #expect(audit.rateLimited == 0)
            #expect(!fixture.portal.journal.contains { $0.status == 503 })
            #expect(clock.all.count == audit.requests.count)
            #expect(peakLevel(clock.all, perSecond: 2) <= 50)
            #expect(await scheduler.statistics.requestsSent == audit.requests.count)
            for user in fixture.operators { #expect(fixture.portal.visibleCards(for: user).count == 200) }
        }
    }
}

/// A portal clock that remembers every reading: the fake reads it once per HTTP request, on arrival.
final class RecordingClock: FakeClock {
    private let readings = Mutex<[Double]>([])

    var now: Double {
        let value = Date().timeIntervalSince1970
        readings.withLock { $0.append(value) }
        return value
    }

    var all: [Double] { readings.withLock { $0 } }
}
