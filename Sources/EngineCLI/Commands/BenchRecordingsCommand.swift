import Adapters
import ArgumentParser
import Bench
import Foundation

/// `engine bench recordings`: the two LAME encoders side by side, then calls' recordings encoded and attached by a real
/// `engine run` (a child process) while cards ring, with card latency measured with and without recordings.
struct BenchRecordingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordings",
        abstract: "Recordings: encoder throughput (lame vs libmp3lame) and card latency with recordings attached.",
        discussion: """
            1. Encoders: --files wavs of --seconds (8 kHz mono) encoded --concurrency at a time by the `lame` program \
            and by libmp3lame in process: seconds of audio per wall second per core, and per CPU second.
            2. Pipeline: `engine run` as a child process (this binary, or --engine) between the test AMI server and \
            the fake portal, both in this process; --calls queue calls arrive at --calls-per-second, each with a wav \
            of --seconds, ring a member and hang up. Each of --runs runs the daemon without recordings and with them \
            (encoded and attached while the next calls ring), in alternating order. Card latency (AgentCalled handed \
            to the AMI server → the show's head at the portal) p50/p99 per run, their medians, and the growth of the \
            median p99. --baseline-engine adds the same two variants with another binary to every run (before/after).
            """
    )

    @Option(name: .long, help: "Calls in each pipeline run.")
    var calls = 1000

    @Option(name: .long, help: "Calls arriving per second.")
    var callsPerSecond = 10.0

    @Option(name: .long, help: "Runs; each runs every variant once.")
    var runs = 3

    @Option(name: .long, help: "Seconds of each recording.")
    var seconds = 60.0

    @Option(name: .long, help: "Wavs encoded by each encoder in part 1.")
    var files = 20

    @Option(name: .long, help: "Encodings at once (default: the daemon's, cores − 1).")
    var concurrency: Int?

    @Option(name: .long, help: "The encoder of the pipeline runs: lame or libmp3lame.")
    var encoder = "lame"

    @Option(name: .long, help: "The lame program of the pipeline runs (recordings.lame; default: lame in PATH).")
    var lame: String?

    @Option(name: .long, help: "The rules folder.")
    var rules = "rules"

    @Option(name: .long, help: "The engine binary run as the daemon (default: this one).")
    var engine: String?

    @Option(name: .long, help: "Another engine binary measured in the same runs (before/after).")
    var baselineEngine: String?

    @Flag(name: .long, help: "Only the encoder comparison.")
    var encodersOnly = false

    func validate() throws {
        guard calls >= 1, files >= 1, runs >= 1, seconds > 0, callsPerSecond > 0 else {
            throw ValidationError("--calls, --files, --runs ≥ 1; --seconds, --calls-per-second > 0")
        }
        guard ["lame", "libmp3lame"].contains(encoder) else { throw ValidationError("--encoder is lame or libmp3lame") }
    }

    func run() async throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let slots = max(1, concurrency ?? cores - 1)
        print("bench recordings: \(cores) cores, encodings at once: \(slots), \(seconds) s wavs at 8 kHz, 32 kbit/s")
        let encoders = try await EncoderThroughput.measure(
            encoders: [LameExecutable(), LameLibrary()],
            files: files,
            seconds: seconds,
            sampleRate: 8000,
            concurrency: slots
        )
        print("1. encoders, \(files) files (best of 3 runs):")
        print("   encoder      wall s   cpu s   audio s / wall s / core   audio s / cpu s")
        for run in encoders {
            print(
                "   " + run.encoder.padding(toLength: 11, withPad: " ", startingAt: 0)
                    + String(
                        format: "%8.2f%8.2f%26.0f%18.0f",
                        run.wallSeconds,
                        run.cpuSeconds,
                        run.perCore,
                        run.perCPUSecond
                    )
            )
        }
        if encodersOnly { return }
        try await pipeline(slots: slots)
    }

    /// Part 2: every variant once per run, alternating the order, then the medians.
    private func pipeline(slots: Int) async throws {
        let binary =
            engine.map { URL(fileURLWithPath: $0) } ?? Bundle.main.executableURL
            ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var engines = [("", binary)]
        if let baselineEngine { engines = [("before ", URL(fileURLWithPath: baselineEngine)), ("after ", binary)] }
        print(
            "2. pipeline: engine run \(engines.map(\.1.path).joined(separator: ", ")) as a child; \(runs) runs of "
                + "\(calls) calls at \(callsPerSecond)/s, each rings one member and records \(seconds) s"
        )
        var variants: [(name: String, engine: URL, encoder: String?)] = []
        for (label, url) in engines {
            variants.append((label + "without", url, nil))
            variants.append((label + "with", url, encoder))
        }
        var results = [String: [RecordingsPipelineRig.Run]]()
        print("   run  variant          cards   p50 ms   p99 ms   max ms   records   daemon cpu s   lame cpu s")
        for round in 1...runs {
            for variant in round % 2 == 1 ? variants : variants.reversed() {
                var options = RecordingsPipelineRig.Options(
                    engine: variant.engine,
                    calls: calls,
                    callsPerSecond: callsPerSecond,
                    seconds: seconds,
                    encoder: variant.encoder,
                    concurrency: concurrency,
                    rulesPath: rules
                )
                options.lame = lame
                let run = try await RecordingsPipelineRig.run(options)
                results[variant.name, default: []].append(run)
                let stats = LatencyPercentiles(run.latencies.compactMap { $0 })
                print(
                    String(format: "   %3d  ", round) + variant.name.padding(toLength: 15, withPad: " ", startingAt: 0)
                        + String(
                            format: "%7d%9.2f%9.2f%9.2f%10d%15.1f%13.1f",
                            stats.count,
                            stats.p50,
                            stats.p99,
                            stats.max,
                            run.attached,
                            run.daemonCPUSeconds,
                            run.encoderCPUSeconds
                        )
                )
                if run.latencies.contains(where: { $0 == nil }) || (variant.encoder != nil && run.attached != calls) {
                    throw ExitCode(1)
                }
            }
        }
        print("   medians over \(runs) runs   p50 ms   p99 ms   audio s / wall s / core")
        var p99 = [String: Double]()
        for variant in variants {
            let runs = results[variant.name] ?? []
            let stats = runs.map { LatencyPercentiles($0.latencies.compactMap { $0 }) }
            p99[variant.name] = LatencyPercentiles.median(stats.map(\.p99))
            let rate = LatencyPercentiles.median(
                runs.map { $0.recordingSeconds > 0 ? $0.audioSeconds / $0.recordingSeconds / Double(slots) : 0 }
            )
            print(
                "   " + variant.name.padding(toLength: 25, withPad: " ", startingAt: 0)
                    + String(
                        format: "%9.2f%9.2f%26.0f",
                        LatencyPercentiles.median(stats.map(\.p50)),
                        p99[variant.name] ?? 0,
                        rate
                    )
            )
        }
        for (label, _) in engines {
            let plain = p99[label + "without"] ?? 0
            let growth = plain > 0 ? ((p99[label + "with"] ?? 0) / plain - 1) * 100 : 0
            print("card p99 \(label)with recordings vs without: " + String(format: "%+.1f %% (floor: < 20 %%)", growth))
        }
    }
}
