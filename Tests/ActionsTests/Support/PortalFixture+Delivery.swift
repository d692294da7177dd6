import Actions
import Adapters
import Foundation
import PortalTestSupport
import Simulators
import TestSupport

extension PortalFixture {
    /// Fast settings: retries after 10–40 ms, the portal left alone for 50 ms after a 401.
    static func fastDelivery(
        rateLimit: DeliveryConfiguration.RateLimit = .standard,
        batchLimit: Int = 50,
        maxAttempts: Int = 50
    ) -> DeliveryConfiguration {
        DeliveryConfiguration(
            rateLimit: rateLimit,
            batchLimit: batchLimit,
            maxAttempts: maxAttempts,
            initialBackoff: .milliseconds(10),
            maxBackoff: .milliseconds(40),
            portalPause: .milliseconds(50),
            methodBackoff: .milliseconds(100)
        )
    }

    /// A scheduler delivering to the portal from the fixture's outbox file (wall clock unless told).
    func scheduler(
        _ configuration: DeliveryConfiguration = fastDelivery(),
        outbox: Outbox? = nil,
        clock: any DeliveryClock = SystemDeliveryClock(),
        timeout: Duration = .seconds(5)
    ) throws -> PortalScheduler {
        PortalScheduler(
            outbox: try outbox ?? Outbox(path: outboxPath),
            client: try client(timeout: timeout),
            configuration: configuration,
            clock: clock,
            logger: logs.logger
        )
    }

    /// Runs `body` with a started portal at the cloud's limit on the wall clock, `operators` ringing operators seeded,
    /// hung requests held 1 s.
    static func withOperators<T>(
        configuration: FakeBitrix24Configuration = FakeBitrix24Configuration(hangSeconds: 1),
        operators: Int = 3,
        _ body: (PortalFixture) async throws -> T
    ) async throws -> T {
        try await with(configuration: configuration, clock: FakeSystemClock(), users: .operators(operators), body)
    }
}

/// Awaits an empty queue (bounded, so a stuck scheduler fails the test instead of hanging the run).
func drained(_ scheduler: PortalScheduler, timeout: Duration = .seconds(20)) async -> Bool {
    await eventually(timeout: timeout) { await scheduler.pendingCount == 0 }
}

/// Awaits an empty queue on a manual clock, moving it a second at a time: what failed last waits out its own
/// back-off (a second or two) after the portal is back.
func drained(_ scheduler: PortalScheduler, advancing clock: ManualDeliveryClock) async -> Bool {
    await eventually {
        if await scheduler.pendingCount == 0 { return true }
        clock.advance(by: 1)
        return false
    }
}
