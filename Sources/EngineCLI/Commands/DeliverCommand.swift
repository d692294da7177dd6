import Actions
import Adapters
public import ArgumentParser
import Bench
import Foundation
import Logging

extension SyntheticCalls.Script: ExpressibleByArgument {}

/// `engine deliver`: enqueues the commands of N synthetic calls into a durable outbox and delivers them to a
/// portal, then exits. Run it again on the same `--state` file and it resumes: delivered steps are never sent
/// again. A tool for drills and the crash test: `engine run` delivers the commands the rules make.
struct DeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Deliver the commands of N synthetic calls to a Bitrix24 portal through the durable outbox."
    )

    @Option(
        name: .long,
        help:
            """
            Inbound webhook URL: https://PORTAL/rest/<user>/<secret>/ (http allowed). \
            Default: $SWITCHBOARD_B24_WEBHOOK, which keeps the secret out of the process list.
            """
    )
    var portal: String?

    @Option(name: .long, help: "The outbox SQLite file (created if missing).")
    var state: String

    @Option(name: .long, help: "Synthetic calls to enqueue.")
    var calls: Int = 10

    @Option(name: .long, help: "Ringing operators per call (user ids 1…M).")
    var operators: Int = 1

    @Option(
        name: .long,
        help: "What each call does: ring (register + show) or full (register, lead, show, hide, finish)."
    )
    var script: SyntheticCalls.Script = .full

    @Option(name: .long, help: "Client-side bucket: burst.")
    var burst: Double = 50

    @Option(name: .long, help: "Client-side bucket: requests per second.")
    var perSecond: Double = 2

    @Option(name: .long, help: "Most commands per batch (1…50).")
    var batchLimit: Int = 50

    @Option(name: .long, help: "First retry delay in milliseconds.")
    var backoffMilliseconds: Int = 1000

    @Option(name: .long, help: "Request timeout in milliseconds.")
    var timeoutMilliseconds: Int = 30_000

    func validate() throws {
        guard calls >= 0, operators >= 1, burst >= 1, perSecond > 0, (1...50).contains(batchLimit) else {
            throw ValidationError("--calls ≥ 0, --operators ≥ 1, --burst ≥ 1, --per-second > 0, --batch-limit 1…50")
        }
        guard (1...3_600_000).contains(backoffMilliseconds), (1...3_600_000).contains(timeoutMilliseconds) else {
            throw ValidationError("--backoff-milliseconds and --timeout-milliseconds are 1…3600000")
        }
        guard webhookURL != nil else { throw ValidationError("give --portal or set SWITCHBOARD_B24_WEBHOOK") }
    }

    private var webhookURL: String? {
        portal ?? ProcessInfo.processInfo.environment["SWITCHBOARD_B24_WEBHOOK"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func run() async throws {
        let auth: Bitrix24WebhookAuth
        do { auth = try Bitrix24WebhookAuth(webhookURL: webhookURL ?? "") } catch {
            throw ValidationError("webhook URL: \(error)")
        }
        var logger = Logger(label: "engine.deliver")
        logger.logLevel = .notice
        let client = Bitrix24Client(
            auth: auth,
            configuration: .init(timeout: .milliseconds(timeoutMilliseconds)),
            logger: logger
        )
        let delivery = try await SyntheticDelivery.start(
            outboxPath: state,
            client: client,
            configuration: DeliveryConfiguration(
                rateLimit: .init(burst: burst, perSecond: perSecond),
                batchLimit: batchLimit,
                initialBackoff: .milliseconds(backoffMilliseconds),
                maxBackoff: .milliseconds(backoffMilliseconds * 8),
                portalPause: .milliseconds(backoffMilliseconds * 4)
            ),
            logger: logger
        )
        let report = try await delivery.deliver(
            calls: calls,
            operators: Array(1...operators),
            script: script
        ) { added, pending in
            print("deliver: \(added) commands enqueued, \(pending) pending")
        }
        print(
            "deliver: done — \(report.statistics.requestsSent) requests, "
                + "\(report.statistics.acknowledged) acknowledged, \(report.deadLetters) dead letters"
        )
        if report.deadLetters > 0 { throw ExitCode(2) }
    }
}
