import Actions
import ArgumentParser
import Bench
import Foundation
import Logging

/// `engine bench cards`: card latency of the real pipeline — from an `AgentCalled` read off the AMI socket to the
/// `telephony.externalcall.show` request reaching the portal's socket — for N calls ringing at once, without
/// rate pressure. See ``CardLatencyRig``.
struct BenchCardsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cards",
        abstract: "Card latency: AgentCalled read from AMI → show request at the portal, for N concurrent calls.",
        discussion: """
            In this process, on loopback: the test AMI server → the AMI client → call model and rules → the portal \
            scheduler and outbox (SQLite in a temp folder) → the Bitrix24 client → a minimal portal (no rate limit; \
            the client's bucket at burst 10,000, 10,000/s). Each round starts N calls into queue `sales` and lets \
            their registers land, then sends every call's AgentCalled in one burst and times each call's card.
            """
    )

    @Option(name: .long, help: "Calls ringing at once (one AgentCalled each).")
    var calls: Int = 200

    @Option(name: .long, help: "Measured rounds (each with fresh calls).")
    var rounds: Int = 5

    @Option(name: .long, help: "Rounds run first and not counted.")
    var warmup: Int = 1

    @Option(
        name: .long,
        help: "Rings per second: the calls' AgentCalled events paced at this rate (0: all in one burst)."
    )
    var ringsPerSecond: Double = 0

    @Option(name: .long, help: "Queue members (extensions 201…, rung in turn).")
    var members: Int = 10

    @Option(name: .long, help: "The rules folder.")
    var rules = "rules"

    @Option(
        name: .long,
        help: "Level of the daemon's loggers (lines are formatted, then discarded); `engine run` logs at info."
    )
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard calls >= 1, calls <= 10_000 else { throw ValidationError("--calls is 1 … 10000") }
        guard rounds >= 1, warmup >= 0 else { throw ValidationError("--rounds ≥ 1, --warmup ≥ 0") }
        guard members >= 1 else { throw ValidationError("--members must be at least 1") }
        guard ringsPerSecond >= 0 else { throw ValidationError("--rings-per-second must be 0 (burst) or more") }
    }

    func run() async throws {
        let rig = try await CardLatencyRig.start(rulesPath: rules, members: members, logLevel: logLevel)
        var measured: [CardLatencyRig.Round] = []
        var failure: (any Error)?
        do {
            for round in 0..<(warmup + rounds) {
                let result = try await rig.round(round, calls: calls, ringsPerSecond: ringsPerSecond)
                if round >= warmup { measured.append(result) }
            }
        } catch {
            failure = error
        }
        let deadLetters = (try? rig.outbox.deadLetters().count) ?? -1
        await rig.stop()
        if let failure { throw failure }

        let arrival = ringsPerSecond > 0 ? "rings paced at \(ringsPerSecond)/s" : "all rings in one burst"
        print(
            "bench cards: \(calls) concurrent calls, \(arrival), "
                + "\(rounds) rounds (+\(warmup) warm-up), rules \(rules), "
                + "log level \(logLevel), no rate pressure"
        )
        print("t0 = AgentCalled decoded by the AMI client; t1 = show request head at the portal (monotonic clock)")
        print(row("round", "p50 ms", "p90 ms", "p99 ms", "max ms", "burst ms", "show reqs", "rules p50", "rules p99"))
        var wrong = 0
        for (index, round) in measured.enumerated() {
            let stats = LatencyPercentiles(round.latencies.compactMap { $0 })
            let ruled = LatencyPercentiles(round.ruled.compactMap { $0 })
            print(
                row(
                    "\(index + 1)",
                    ms(stats.p50),
                    ms(stats.p90),
                    ms(stats.p99),
                    ms(stats.max),
                    ms(LatencyPercentiles.milliseconds(round.span)),
                    "\(round.showRequests)",
                    ms(ruled.p50),
                    ms(ruled.p99)
                )
            )
            wrong += round.latencies.filter { $0 == nil }.count + round.showsPerCall.values.filter { $0 != 1 }.count
        }
        let all = LatencyPercentiles(measured.flatMap { $0.latencies.compactMap { $0 } })
        let allRuled = LatencyPercentiles(measured.flatMap { $0.ruled.compactMap { $0 } })
        print(
            row("all", ms(all.p50), ms(all.p90), ms(all.p99), ms(all.max), "", "", ms(allRuled.p50), ms(allRuled.p99))
        )
        print(
            "rules = from t0 until the rules reacted to the ring (waiting behind earlier AMI events + model + rules); "
                + "the rest is execution, outbox, scheduler and HTTP"
        )
        let p99s = measured.map { LatencyPercentiles($0.latencies.compactMap { $0 }).p99 }.sorted()
        print(
            "median of the rounds' p99: \(ms(p99s[p99s.count / 2])) ms; "
                + "cards missing or not exactly one per call: \(wrong); dead letters: \(deadLetters)"
        )
        print("cards: p50 \(ms(all.p50)) ms, p99 \(ms(all.p99)) ms at \(calls) concurrent calls, \(arrival)")
        if wrong > 0 || deadLetters != 0 { throw ExitCode(1) }
    }

    private func ms(_ value: Double) -> String { String(format: "%.3f", value) }

    private func row(_ cells: String...) -> String {
        cells.enumerated().map { index, cell in
            index == 0
                ? cell.padding(toLength: 6, withPad: " ", startingAt: 0)
                : String(repeating: " ", count: max(0, 10 - cell.count)) + cell
        }.joined()
    }
}
