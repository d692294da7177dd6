import ArgumentParser
import Bench
import Foundation
import Logging

/// `engine bench reload`: SIGHUP → new rules generation in force, on a folder of 1,000 rules while events flow.
struct BenchReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract:
            "Reload a large rules folder with SIGHUP while calls flow: time to the new generation, no event lost.",
        discussion: """
            Runs the daemon in this process (test AMI server and fake portal on loopback) on N rules generated from
            the default rules; each reload edits one file and sends SIGHUP to this process. Prints the median and the
            maximum from SIGHUP to the new generation in force, and checks that every event sent was handled once.
            """
    )

    @Option(name: .long, help: "The default rules to generate from.")
    var rules = "rules"

    @Option(name: .long, help: "How many rules to generate.")
    var count = 1_000

    @Option(name: .long, help: "How many reloads to time.")
    var reloads = 20

    @Option(name: .long, help: "Synthetic queue calls per second while reloading.")
    var callsPerSecond = 20.0

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .error
            return handler
        }
        let result = try await ReloadBenchmark.run(
            rulesFolder: rules,
            count: count,
            reloads: reloads,
            callsPerSecond: callsPerSecond
        ) { print($0) }
        let sorted = result.latencies.sorted()
        func milliseconds(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
        }
        print(
            "SIGHUP → generation in force (\(result.ruleCount) rules, \(result.fileCount) files, one file edited per "
                + "reload): median \(milliseconds(sorted[sorted.count / 2])) ms, "
                + "min \(milliseconds(sorted[0])) ms, max \(milliseconds(sorted[sorted.count - 1])) ms "
                + "over \(sorted.count) reloads"
        )
        print(
            "generations: \(result.startGeneration) → \(result.finalGeneration) "
                + "(\(result.finalGeneration - result.startGeneration) for \(sorted.count) reloads)"
        )
        print(
            "events: \(result.eventsSent) sent, \(result.eventsHandled) handled; \(result.calls) calls, "
                + "\(result.miscounted.count) with an event not evaluated exactly once"
        )
        let exact =
            result.eventsSent == result.eventsHandled && result.miscounted.isEmpty
            && result.finalGeneration - result.startGeneration == sorted.count
        print(exact ? "no event lost or evaluated twice" : "EVENTS LOST OR EVALUATED TWICE")
        if !exact { throw ExitCode(1) }
    }
}
