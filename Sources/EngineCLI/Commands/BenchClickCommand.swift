import ArgumentParser
import Bench
import Foundation
import Logging

/// `engine bench click`: click-to-call latency of the real daemon — from the fake Bitrix24 posting
/// `ONEXTERNALCALLSTART` to the Originate reaching the AMI server's socket. See ``ClickLatencyRig``.
struct BenchClickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "click",
        abstract: "Click-to-call latency: event posted by Bitrix24 → Originate on the AMI socket (p50/p99).",
        discussion: """
            In this process, on loopback: the fake Bitrix24 registers each click and posts ONEXTERNALCALLSTART over \
            HTTP to the daemon (built from an engine.yaml as `engine run` builds it), whose rules originate the call \
            on the test AMI server; the server answers each Originate with --capture (the operator not answering, by \
            default), so every call ends and is finished. Clicks go one at a time, at most one per --interval-ms \
            (the daemon's runaway guard refuses AMI actions beyond 20 a second after a burst of 40).
            """
    )

    @Option(name: .long, help: "Measured clicks.")
    var clicks: Int = 200

    @Option(name: .long, help: "Clicks run first and not counted.")
    var warmup: Int = 20

    @Option(name: .long, help: "Milliseconds from one click's start to the next (the runaway guard: 20 AMI actions/s).")
    var intervalMs: Int = 100

    @Option(name: .long, help: "The rules folder.")
    var rules = "rules"

    @Option(name: .long, help: "The capture answering each Originate.")
    var capture = "captures/clicktocall-agent-noanswer.ami"

    @Option(name: .long, help: "Level of the daemon's loggers (lines are formatted, then discarded).")
    var logLevel = "info"

    func validate() throws {
        guard clicks >= 1, clicks <= 100_000, warmup >= 0, intervalMs >= 0 else {
            throw ValidationError("--clicks 1…100000, --warmup ≥ 0, --interval-ms ≥ 0")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level is one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        ClickLatencyRig.bootstrapLogging(level: Logger.Level(rawValue: logLevel) ?? .info)
        let rig = try await ClickLatencyRig.start(rulesPath: rules, capture: capture)
        let latencies: [Duration]
        let finished: Bool
        do {
            let interval = Duration.milliseconds(intervalMs)
            _ = try await rig.run(clicks: warmup, interval: interval)
            latencies = try await rig.run(clicks: clicks, offset: warmup, interval: interval)
            finished = await rig.awaitFinishes(warmup + clicks, timeout: .seconds(60))
        } catch {
            await rig.stop()
            throw error
        }
        let finishes = rig.finishes
        await rig.stop()
        let stats = LatencyPercentiles(latencies)
        print(
            "bench click: \(clicks) clicks one at a time, one every \(intervalMs) ms at most (+\(warmup) warm-up), "
                + "rules \(rules), answered by \(capture)"
        )
        print("t0 = the fake portal starts the click (register, POST); t1 = Originate decoded by the AMI server")
        print(
            String(
                format: "click → Originate: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms",
                stats.p50,
                stats.p90,
                stats.p99,
                stats.max
            )
        )
        print("calls finished in Bitrix24: \(finishes) of \(warmup + clicks)")
        if !finished { throw ExitCode(1) }
    }
}
