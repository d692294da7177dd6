import ArgumentParser
import Bench
import Foundation
import Logging

/// `engine bench agi`: FastAGI decisions of the default rules — a known client routed to the manager's extension — for
/// N sessions asking at once, with the CRM lookup served by the fake portal, uncached and cached. See
/// ``AGILatencyRig``.
struct BenchAGICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agi",
        abstract: "FastAGI decisions/s and latency (first byte → answer), N sessions at once, lookups cached or not.",
        discussion: """
            In this process, on loopback: scripted Asterisk peers (the recorded environment block; plain sockets in \
            one poll loop, as lean as Asterisk's side) → the FastAGI server → the rules (agi.request → \
            b24.search_crm → call.result → agi.set_variable) → the lookup lane → the fake Bitrix24 portal (no rate \
            limit). Each round, N calls appear in the call model (synthetic AMI Newchannel) and all ask at once, while \
            those calls' registers and searches go to the portal (or, with --settled, after they went); uncached \
            rounds empty the lookup cache first, cached rounds ask again for the numbers of the round before. \
            --fixed-answer times the FastAGI server alone: every request gets the same route at once, without rules \
            or lookups.
            """
    )

    @Option(name: .long, help: "Sessions asking at once.")
    var sessions: Int = 200

    @Option(name: .long, help: "Measured rounds of each kind (uncached, then cached).")
    var rounds: Int = 5

    @Option(name: .long, help: "Rounds run first and not counted.")
    var warmup: Int = 1

    @Flag(name: .long, help: "Deliver the calls' registers and searches before they ask (time the decisions alone).")
    var settled = false

    @Flag(name: .long, help: "Answer every request with one route at once, no rules or lookups (the server alone).")
    var fixedAnswer = false

    @Option(name: .long, help: "The rules folder.")
    var rules = "rules"

    @Option(name: .long, help: "A recorded FastAGI environment block (Asterisk 22).")
    var environment = "captures/agi/route.agi"

    @Option(name: .long, help: "Level of the daemon's loggers (lines are formatted, then discarded).")
    var logLevel = "info"

    func validate() throws {
        guard sessions >= 1, sessions <= 5000 else { throw ValidationError("--sessions is 1 … 5000") }
        guard rounds >= 1, warmup >= 0 else { throw ValidationError("--rounds ≥ 1, --warmup ≥ 0") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level is one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        guard let block = FileManager.default.contents(atPath: environment) else {
            throw ValidationError("cannot read the environment block \(environment)")
        }
        let total = warmup + rounds
        let rig = try await AGILatencyRig.start(
            rulesPath: rules,
            environment: Array(block),
            numbers: sessions * total,
            fixedAnswer: fixedAnswer,
            logLevel: Logger.Level(rawValue: logLevel) ?? .info
        )
        var uncached: [AGILatencyRig.Round] = []
        var cached: [AGILatencyRig.Round] = []
        var failure: (any Error)?
        do {
            for round in 0..<total {
                let offset = round * sessions
                let cold = try await rig.round(
                    2 * round,
                    sessions: sessions,
                    offset: offset,
                    cached: false,
                    settled: settled
                )
                let warm = try await rig.round(
                    2 * round + 1,
                    sessions: sessions,
                    offset: offset,
                    cached: true,
                    settled: settled
                )
                if round >= warmup {
                    uncached.append(cold)
                    cached.append(warm)
                }
            }
        } catch {
            failure = error
        }
        await rig.stop()
        if let failure { throw failure }

        print(
            "bench agi: \(sessions) sessions at once, \(rounds) rounds of each kind (+\(warmup) warm-up), "
                + "rules \(rules)"
                + (settled ? ", the calls' registers delivered first" : ", the calls' registers delivered meanwhile")
                + (fixedAnswer ? ", a fixed answer (no rules, no lookups)" : "")
        )
        print("latency = request's first byte → answer complete (server closed), at the Asterisk peer")
        print("CPU ms/dec = CPU time of this process (engine, fake portal, peers) during the rounds, per decision")
        print(row("kind", "p50 ms", "p90 ms", "p99 ms", "max ms", "decisions/s", "CPU ms/dec", "routed", "lookups"))
        var wrong = 0
        for (name, measured) in [("uncached", uncached), ("cached", cached)] {
            let stats = LatencyPercentiles(measured.flatMap(\.latencies))
            let seconds = measured.map { LatencyPercentiles.milliseconds($0.span) / 1000 }.reduce(0, +)
            let decisions = Double(measured.count * sessions) / max(seconds, 1e-9)
            let routed = measured.map(\.routed).reduce(0, +)
            let cpu = measured.map(\.cpuSeconds).reduce(0, +) * 1000 / Double(max(1, measured.count * sessions))
            wrong += measured.count * sessions - routed
            print(
                row(
                    name,
                    ms(stats.p50),
                    ms(stats.p90),
                    ms(stats.p99),
                    ms(stats.max),
                    String(format: "%.0f", decisions),
                    String(format: "%.2f", cpu),
                    "\(routed)",
                    "\(measured.map(\.portalLookups).reduce(0, +))"
                )
            )
        }
        let floor = LatencyPercentiles(uncached.flatMap(\.latencies)).p99
        print("uncached p99 \(ms(floor)) ms (the issue's floor: ≤ 20 ms); sessions without a route: \(wrong)")
        if wrong > 0 { throw ExitCode(1) }
    }

    private func ms(_ value: Double) -> String { String(format: "%.3f", value) }

    private func row(_ cells: String...) -> String {
        cells.enumerated().map { index, cell in
            index == 0
                ? cell.padding(toLength: 10, withPad: " ", startingAt: 0)
                : String(repeating: " ", count: max(0, 12 - cell.count)) + cell
        }.joined()
    }
}
