import Actions
import Adapters
import Foundation
import Logging
import Simulators
import Synchronization
import TestSupport

/// A fake portal on 127.0.0.1 (wall clock), an outbox file in a fresh temp directory, and a scheduler
/// with short delays so fault windows pass in milliseconds.
struct DeliveryFixture {
    let portal: FakeBitrix24
    let directory: URL
    let logs: LogCapture
    /// The ringing operators (user ids) seeded in the portal.
    let operators: [Int]

    var outboxPath: String { directory.appendingPathComponent("outbox.sqlite").path }

    /// Fast settings: retries after 10–40 ms, the portal left alone for 50 ms after a 401.
    static func fastConfiguration(
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

    func client(timeout: Duration = .seconds(5)) throws -> Bitrix24Client {
        Bitrix24Client(
            auth: try Bitrix24WebhookAuth(webhookURL: portal.webhookURL),
            configuration: .init(timeout: timeout),
            logger: logs.logger
        )
    }

    func scheduler(
        _ configuration: DeliveryConfiguration = fastConfiguration(),
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

    /// Runs `body` with a started portal (cloud limit unless told) and removes everything afterwards.
    static func with<T>(
        configuration: FakeBitrix24Configuration = FakeBitrix24Configuration(hangSeconds: 1),
        clock: any FakeClock = FakeSystemClock(),
        operators: Int = 3,
        _ body: (DeliveryFixture) async throws -> T
    ) async throws -> T {
        let portal = FakeBitrix24(configuration: configuration, clock: clock)
        let ids = Array(100..<(100 + operators))
        for id in ids { portal.addUser(FakeBitrix24User(id: id, name: "Operator \(id)", phoneInner: String(id))) }
        try await portal.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "outbox-tests-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fixture = DeliveryFixture(portal: portal, directory: directory, logs: LogCapture(), operators: ids)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let value = try await body(fixture)
            await portal.stop()
            return value
        } catch {
            await portal.stop()
            throw error
        }
    }
}

/// Awaits an empty queue (bounded, so a stuck scheduler fails the test instead of hanging the run).
func drained(_ scheduler: PortalScheduler, timeout: Duration = .seconds(20)) async -> Bool {
    await eventually(timeout: timeout) { await scheduler.pendingCount == 0 }
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
