import Actions
import Adapters
import ArgumentParser
import Bench
import Foundation
import Logging
import Simulators

/// `engine bench b24`: N calls × M ringing operators delivered to the in-process fake portal at its real
/// limit (2/s, burst 50); prints requests sent, 503s received and seconds until every card was delivered.
struct BenchB24Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "b24",
        abstract: "Deliver N calls × M ringing operators to the fake Bitrix24 at its real rate limit."
    )

    @Option(name: .long, help: "Calls arriving at once.")
    var calls: Int = 200

    @Option(name: .long, help: "Ringing operators per call.")
    var operators: Int = 10

    @Flag(name: .long, help: "Enterprise limits (5/s, burst 250) on both sides.")
    var enterprise = false

    func validate() throws {
        guard calls >= 1, operators >= 1 else { throw ValidationError("--calls and --operators must be at least 1") }
    }

    func run() async throws {
        let limit: DeliveryConfiguration.RateLimit = enterprise ? .enterprise : .standard
        let portal = FakeBitrix24(
            configuration: FakeBitrix24Configuration(
                rateLimit: .init(capacity: limit.burst, drainPerSecond: limit.perSecond)
            )
        )
        let operatorIDs = Array(100..<(100 + operators))
        for id in operatorIDs {
            portal.addUser(FakeBitrix24User(id: id, name: "Operator \(id)", phoneInner: String(id)))
        }
        try await portal.start()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-b24-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var logger = Logger(label: "bench.b24")
        logger.logLevel = .error
        let client = Bitrix24Client(auth: try Bitrix24WebhookAuth(webhookURL: portal.webhookURL), logger: logger)
        let delivery = try await SyntheticDelivery.start(
            outboxPath: directory.appendingPathComponent("outbox.sqlite").path,
            client: client,
            configuration: DeliveryConfiguration(rateLimit: limit),
            logger: logger
        )

        let started = ContinuousClock.now
        let report = try await delivery.deliver(calls: calls, operators: operatorIDs, script: .ring)
        let elapsed = ContinuousClock.now - started

        let journal = portal.journal
        let requests = journal.filter { !$0.inBatch }.count
        let refused = journal.filter { !$0.inBatch && $0.status == 503 }.count
        let cards = operatorIDs.reduce(0) { $0 + portal.visibleCards(for: $1).count }
        await portal.stop()

        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "bench b24: \(calls) calls × \(operators) operators, "
                + "portal limit \(Int(limit.perSecond))/s burst \(Int(limit.burst))"
        )
        print("  requests sent     \(requests) (\(report.statistics.batchesSent) batches)")
        print("  503s received     \(refused)")
        print("  cards delivered   \(cards) of \(calls * operators)")
        print("  dead letters      \(report.deadLetters)")
        print(String(format: "  seconds           %.3f", seconds))
        if cards != calls * operators || report.deadLetters > 0 { throw ExitCode(1) }
    }
}
