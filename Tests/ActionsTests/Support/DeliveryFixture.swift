import Actions
import Adapters
import Foundation
import Logging
import Simulators
import Synchronization

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
    static func fastConfiguration(rateLimit: DeliveryConfiguration.RateLimit = .standard, batchLimit: Int = 50,
                                  maxAttempts: Int = 50) -> DeliveryConfiguration {
        DeliveryConfiguration(rateLimit: rateLimit, batchLimit: batchLimit, maxAttempts: maxAttempts,
                              initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(40),
                              portalPause: .milliseconds(50), methodBackoff: .milliseconds(100))
    }

    func client(timeout: Duration = .seconds(5)) throws -> Bitrix24Client {
        Bitrix24Client(auth: try Bitrix24WebhookAuth(webhookURL: portal.webhookURL),
                       configuration: .init(timeout: timeout), logger: logs.logger)
    }

    func scheduler(_ configuration: DeliveryConfiguration = fastConfiguration(), outbox: Outbox? = nil,
                   clock: any DeliveryClock = SystemDeliveryClock(), timeout: Duration = .seconds(5)) throws -> PortalScheduler {
        PortalScheduler(outbox: try outbox ?? Outbox(path: outboxPath), client: try client(timeout: timeout),
                        configuration: configuration, clock: clock, logger: logs.logger)
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
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-tests-\(UUID().uuidString)")
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

/// Collects every log line a logger writes.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "test.delivery") { _ in Handler(capture: self) }
        logger.logLevel = .debug
        return logger
    }

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            capture.append("\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}

/// Awaits an empty queue (bounded, so a stuck scheduler fails the test instead of hanging the run).
func drained(_ scheduler: PortalScheduler, timeout: Duration = .seconds(20)) async -> Bool {
    await eventually(timeout: timeout) { await scheduler.pendingCount == 0 }
}

/// Awaits a condition (checking every 5 ms) up to `timeout`; returns whether it became true.
func eventually(timeout: Duration = .seconds(10), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
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
