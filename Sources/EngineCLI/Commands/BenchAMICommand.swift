import Adapters
import ArgumentParser
import Bench
import Engine
import Foundation
import RuleDSL

/// `engine bench ami CAPTURE.ami [--repeat N]`: AMI decode throughput (events/s, MB/s) and a header checksum.
struct BenchAMICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ami",
        abstract: "Decode an AMI capture N times; print events/s, MB/s and a checksum over the decoded headers; "
            + "then decode + call model + rules, events/s."
    )

    @Argument(help: "An AMI capture (raw wire bytes, e.g. captures/answered.ami).")
    var capture: String

    @Option(name: .customLong("repeat"), help: "How many times to decode the capture.")
    var repeatCount: Int = 200

    @Option(help: "Bytes fed to the decoder per read.")
    var chunkSize: Int = 64 * 1024

    @Option(name: .long, help: "The rules for the second figure (decode + call model + rules).")
    var rules: [String] = ["rules"]

    func validate() throws {
        guard repeatCount > 0 else { throw ValidationError("--repeat must be at least 1") }
        guard chunkSize > 0 else { throw ValidationError("--chunk-size must be at least 1") }
    }

    func run() async throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: capture))
        } catch {
            throw ValidationError("cannot read \(capture): \(error.localizedDescription)")
        }
        let benchmark = AMIDecodeBenchmark(bytes: Array(data), chunkSize: chunkSize)
        _ = benchmark.pass()  // warm-up
        let result = try benchmark.run(passes: repeatCount)
        print("capture:   \(capture)")
        print(
            "per pass:  \(result.bytesPerPass) bytes, \(result.messagesPerPass) messages, "
                + "\(result.eventsPerPass) events, \(result.headersPerPass) headers"
        )
        print("passes:    \(result.passes) in \(format(result.seconds, 3)) s (chunk \(chunkSize) bytes)")
        print("events/s:  \(format(result.eventsPerSecond, 0))")
        print("msgs/s:    \(format(result.messagesPerSecond, 0))")
        print("MB/s:      \(format(result.megabytesPerSecond, 1))")
        print("checksum:  \(String(result.checksum, radix: 16))")
        try runEngine(Array(data))
    }

    /// The second figure: decode + call model + the rules, events/s.
    private func runEngine(_ bytes: [UInt8]) throws {
        let loaded = RuleSetLoader.load(paths: rules)
        guard let ruleSet = loaded.ruleSet else {
            throw ValidationError("the rules in \(rules.joined(separator: " ")) do not load (engine lint)")
        }
        let config: Value = ["pbx": ["id": "bench"], "bitrix24": ["default_user": 1, "anonymous_number": "anonymous"]]
        let benchmark = EngineReplayBenchmark(
            bytes: bytes,
            chunkSize: chunkSize,
            generation: RuleGeneration(number: 1, ruleSet: ruleSet),
            interpreter: RuleInterpreter(config: config, functions: DirectoryPlaceholder.functions)
        )
        _ = benchmark.pass()  // warm-up
        let result = benchmark.run(passes: repeatCount)
        print(
            "engine:    decode + call model + \(ruleSet.rules.count) rules: "
                + "\(result.engineEventsPerPass) engine events, "
                + "\(result.intentsPerPass) intents per pass"
        )
        print("engine events/s (AMI events through decode + model + rules): \(format(result.eventsPerSecond, 0))")
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
