import Actions
import ArgumentParser
import Bench
import Foundation
import Logging

/// `engine bench cards`: card latency of the real pipeline — from a ring (`AgentCalled` or `DialBegin`) read off the
/// AMI socket to the `telephony.externalcall.show` request reaching the portal's socket — without rate pressure, the
/// portal answering after `--portal-rtt`. See ``CardLatencyRig``.
struct BenchCardsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cards",
        abstract: "Card latency: a ring read from AMI → the show request at the portal, per card.",
        discussion: """
            In this process, on loopback: the test AMI server → the AMI client → call model and rules → the portal \
            scheduler and outbox (SQLite in a temp folder) → the Bitrix24 client → a minimal portal (no rate limit; \
            the client's bucket at burst 10,000, 10,000/s) answering --portal-rtt after each request arrived. \
            Shapes: `queue` — N calls wait in queue `sales` (registered, looked up), then --phones members of each \
            ring at once; `ring-group` — N calls appear and --phones phones of each ring --ring-after-ms later. \
            --table runs the four shapes of issue 14 (ring group of 3 and of 10, queue of 3, 200 calls ringing at \
            20/s) and prints one row each.
            """
    )

    @Option(name: .long, help: "Calls per round.")
    var calls: Int = 200

    @Option(name: .long, help: "Measured rounds (each with fresh calls).")
    var rounds: Int = 5

    @Option(name: .long, help: "Rounds run first and not counted.")
    var warmup: Int = 1

    @Option(
        name: .long,
        help: "Rings per second: the calls ring one after another at this rate (0: all in one burst)."
    )
    var ringsPerSecond: Double = 0

    @Option(name: .long, help: "queue or ring-group.")
    var shape = "queue"

    @Option(name: .long, help: "Phones ringing per call.")
    var phones: Int = 1

    @Option(name: .long, help: "Ring group: milliseconds between the call appearing and its phones ringing.")
    var ringAfterMs: Double = 10

    @Option(name: .long, help: "Milliseconds the portal takes to answer a request.")
    var portalRtt: Double = 0

    @Option(name: .long, help: "Requests in flight at once.")
    var inFlight: Int = DeliveryConfiguration().maxRequestsInFlight

    @Flag(name: .long, help: "Run the four shapes of issue 14 and print one row each.")
    var table = false

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
        guard members >= 1, (1...members).contains(phones) else {
            throw ValidationError("--members ≥ 1 and --phones 1 … --members")
        }
        guard ringsPerSecond >= 0 else { throw ValidationError("--rings-per-second must be 0 (burst) or more") }
        guard ["queue", "ring-group"].contains(shape) else { throw ValidationError("--shape is queue or ring-group") }
        guard portalRtt >= 0, ringAfterMs >= 0, inFlight >= 1 else {
            throw ValidationError("--portal-rtt and --ring-after-ms ≥ 0, --in-flight ≥ 1")
        }
    }

    /// One set of rounds: a shape, how many calls, how fast they ring.
    struct Run {
        let label: String
        let shape: CardLatencyRig.Shape
        let calls: Int
        let rounds: Int
        let ringsPerSecond: Double
    }

    func run() async throws {
        let level = logLevel
        let rtt = Duration.seconds(portalRtt / 1000)
        let after = Duration.seconds(ringAfterMs / 1000)
        let rig = try await CardLatencyRig.start(
            rulesPath: rules,
            members: max(members, table ? 10 : 1),
            logLevel: level,
            portalRTT: rtt,
            delivery: DeliveryConfiguration(maxRequestsInFlight: inFlight)
        )
        let runs: [Run] =
            table
            ? [
                Run(
                    label: "ring group of 3",
                    shape: .ringGroup(phones: 3, after: after),
                    calls: 1,
                    rounds: 20,
                    ringsPerSecond: 0
                ),
                Run(
                    label: "ring group of 10",
                    shape: .ringGroup(phones: 10, after: after),
                    calls: 1,
                    rounds: 20,
                    ringsPerSecond: 0
                ),
                Run(label: "queue of 3", shape: .queue(phones: 3), calls: 1, rounds: 20, ringsPerSecond: 0),
                Run(label: "200 calls at 20/s", shape: .queue(phones: 1), calls: 200, rounds: 2, ringsPerSecond: 20),
            ]
            : [
                Run(
                    label: "\(calls) calls",
                    shape: shape == "queue" ? .queue(phones: phones) : .ringGroup(phones: phones, after: after),
                    calls: calls,
                    rounds: rounds,
                    ringsPerSecond: ringsPerSecond
                )
            ]
        var results: [(Run, [CardLatencyRig.Round])] = []
        var failure: (any Error)?
        var number = 0
        do {
            for run in runs {
                var measured: [CardLatencyRig.Round] = []
                for index in 0..<(warmup + run.rounds) {
                    let round = try await rig.round(
                        number,
                        calls: run.calls,
                        shape: run.shape,
                        ringsPerSecond: run.ringsPerSecond
                    )
                    number += 1
                    if index >= warmup { measured.append(round) }
                }
                results.append((run, measured))
            }
        } catch {
            failure = error
        }
        let deadLetters = (try? await rig.outbox.deadLetters().count) ?? -1
        await rig.stop()
        if let failure { throw failure }

        print(
            "bench cards: portal RTT \(ms(portalRtt)) ms, \(inFlight) request(s) in flight, rules \(rules), "
                + "log level \(level), no rate pressure"
        )
        print("t0 = the ring (AgentCalled/DialBegin) decoded by the AMI client; t1 = show request head at the portal")
        let wrong = results.reduce(0) { $0 + $1.1.reduce(0) { $0 + Self.wrongCards($1) } }
        if table {
            printTable(results)
        } else if let (run, measured) = results.first {
            printRounds(run, measured)
        }
        print("cards missing or not exactly one per phone: \(wrong); dead letters: \(deadLetters)")
        if wrong > 0 || deadLetters != 0 { throw ExitCode(1) }
    }

    static func wrongCards(_ round: CardLatencyRig.Round) -> Int {
        round.latencies.filter { $0 == nil }.count + round.showsPerCard.values.filter { $0 != 1 }.count
    }

    private func printTable(_ results: [(Run, [CardLatencyRig.Round])]) {
        print(
            "shape".padding(toLength: 20, withPad: " ", startingAt: 0)
                + row("cards", "p50 ms", "p90 ms", "max ms", "requests")
        )
        for (run, measured) in results {
            let all = LatencyPercentiles(measured.flatMap { $0.latencies.compactMap { $0 } })
            let requests = measured.reduce(0) { $0 + $1.showRequests }
            print(
                run.label.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + row("\(all.count)", ms(all.p50), ms(all.p90), ms(all.max), "\(requests)")
            )
        }
        print(
            "rounds: ring groups and queue 20 × 1 call, 200 calls at 20/s 2 rounds; +\(warmup) warm-up each; "
                + "requests = HTTP requests the portal received while the cards were on their way"
        )
    }

    private func printRounds(_ run: Run, _ measured: [CardLatencyRig.Round]) {
        let arrival =
            run.ringsPerSecond > 0 ? "rings paced at \(run.ringsPerSecond)/s" : "all rings in one burst"
        print("\(run.calls) concurrent calls, \(run.shape), \(arrival), \(run.rounds) rounds (+\(warmup) warm-up)")
        print(
            "round " + row("p50 ms", "p90 ms", "p99 ms", "max ms", "burst ms", "show reqs", "rules p50", "rules p99")
        )
        for (index, round) in measured.enumerated() {
            let stats = LatencyPercentiles(round.latencies.compactMap { $0 })
            let ruled = LatencyPercentiles(round.ruled.compactMap { $0 })
            print(
                "\(index + 1)".padding(toLength: 6, withPad: " ", startingAt: 0)
                    + row(
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
        }
        let all = LatencyPercentiles(measured.flatMap { $0.latencies.compactMap { $0 } })
        let allRuled = LatencyPercentiles(measured.flatMap { $0.ruled.compactMap { $0 } })
        print(
            "all   "
                + row(ms(all.p50), ms(all.p90), ms(all.p99), ms(all.max), "", "", ms(allRuled.p50), ms(allRuled.p99))
        )
        print(
            "rules = from t0 until the rules reacted to the ring (waiting behind earlier AMI events + model + rules); "
                + "the rest is execution, outbox, scheduler and HTTP"
        )
        let p99s = measured.map { LatencyPercentiles($0.latencies.compactMap { $0 }).p99 }.sorted()
        print("median of the rounds' p99: \(ms(p99s[p99s.count / 2])) ms")
        print("cards: p50 \(ms(all.p50)) ms, p99 \(ms(all.p99)) ms at \(run.calls) concurrent calls, \(arrival)")
    }

    private func ms(_ value: Double) -> String { String(format: "%.3f", value) }

    private func row(_ cells: String...) -> String {
        cells.map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }.joined()
    }
}
