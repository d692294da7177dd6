import Adapters
import ArgumentParser
import Bench
import Foundation
import Logging

/// `engine bench recordings`: the two LAME encoders side by side, then calls' recordings encoded and attached through
/// the real daemon while cards ring, with card latency measured with and without recordings.
struct BenchRecordingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordings",
        abstract: "Recordings: encoder throughput (lame vs libmp3lame) and card latency with recordings attached.",
        discussion: """
            1. Encoders: --files wavs of --seconds (8 kHz mono) encoded --concurrency at a time by the `lame` program \
            and by libmp3lame in process: seconds of audio per wall second per core, and per CPU second.
            2. Pipeline: `engine run` in this process between the test AMI server and the fake portal; --calls queue \
            calls arrive at --calls-per-second, each with a wav of --seconds, ring a member and hang up; run once \
            without recordings and once with them (encoded and attached while the next calls ring). Card latency \
            (AgentCalled sent → show at the portal) p50/p99 of both runs, and the p99 growth.
            """
    )

    @Option(name: .long, help: "Calls in the pipeline runs.")
    var calls = 100

    @Option(name: .long, help: "Calls arriving per second.")
    var callsPerSecond = 10.0

    @Option(name: .long, help: "Seconds of each recording.")
    var seconds = 60.0

    @Option(name: .long, help: "Wavs encoded by each encoder in part 1.")
    var files = 20

    @Option(name: .long, help: "Encodings at once (default: cores − 1).")
    var concurrency: Int?

    @Option(name: .long, help: "The encoder of the pipeline runs: lame or libmp3lame.")
    var encoder = "lame"

    @Option(name: .long, help: "The rules folder.")
    var rules = "rules"

    @Flag(name: .long, help: "Only the encoder comparison.")
    var encodersOnly = false

    func validate() throws {
        guard calls >= 1, files >= 1, seconds > 0, callsPerSecond > 0 else {
            throw ValidationError("--calls, --files ≥ 1; --seconds, --calls-per-second > 0")
        }
        guard ["lame", "libmp3lame"].contains(encoder) else { throw ValidationError("--encoder is lame or libmp3lame") }
    }

    func run() async throws {
        RecordingsPipelineRig.bootstrapLogging(level: .info)
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

        print("2. pipeline: \(calls) calls at \(callsPerSecond)/s, each rings one member and records \(seconds) s")
        var options = RecordingsPipelineRig.Options(
            calls: calls,
            callsPerSecond: callsPerSecond,
            seconds: seconds,
            encoder: nil,
            concurrency: concurrency,
            rulesPath: rules
        )
        let without = try await RecordingsPipelineRig.run(options)
        options.encoder = encoder
        let with = try await RecordingsPipelineRig.run(options)
        let plain = LatencyPercentiles(without.latencies.compactMap { $0 })
        let recorded = LatencyPercentiles(with.latencies.compactMap { $0 })
        print("   run                 cards   p50 ms   p99 ms   max ms   records   audio s / wall s / core")
        for (name, run, stats) in [("without recordings", without, plain), ("with recordings", with, recorded)] {
            let rate = run.recordingSeconds > 0 ? run.audioSeconds / run.recordingSeconds / Double(slots) : 0
            print(
                "   " + name.padding(toLength: 18, withPad: " ", startingAt: 0)
                    + String(
                        format: "%7d%9.2f%9.2f%9.2f%10d%26.0f",
                        stats.count,
                        stats.p50,
                        stats.p99,
                        stats.max,
                        run.attached,
                        rate
                    )
            )
        }
        let growth = plain.p99 > 0 ? (recorded.p99 / plain.p99 - 1) * 100 : 0
        print(String(format: "card p99 with recordings vs without: %+.1f %% (floor: < 20 %%)", growth))
        let missing = with.latencies.filter { $0 == nil }.count + without.latencies.filter { $0 == nil }.count
        if missing > 0 || with.attached != calls { throw ExitCode(1) }
    }
}
