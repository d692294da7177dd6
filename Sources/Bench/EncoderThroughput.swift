public import Adapters
import Foundation
import Simulators

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encoders side by side on the same wavs: `files` recordings of `seconds` each, encoded `concurrency` at a time,
/// timed on the wall clock and in CPU time (this process for the library, its children for the program).
public enum EncoderThroughput {
    /// What one encoder did.
    public struct Run: Sendable {
        public let encoder: String
        public let files: Int
        public let concurrency: Int
        /// Seconds of audio encoded.
        public let audioSeconds: Double
        /// Wall-clock seconds for all of them.
        public let wallSeconds: Double
        /// CPU seconds spent (user + system).
        public let cpuSeconds: Double

        /// Seconds of audio per wall second per core used.
        public var perCore: Double { audioSeconds / wallSeconds / Double(concurrency) }
        /// Seconds of audio per CPU second.
        public var perCPUSecond: Double { audioSeconds / cpuSeconds }
    }

    /// Encodes the same wavs with each of `encoders` (best of `repeats` runs each, by wall time).
    public static func measure(
        encoders: [any MP3Encoder],
        files: Int,
        seconds: Double,
        sampleRate: Int,
        concurrency: Int,
        repeats: Int = 3
    ) async throws -> [Run] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bench-encoders-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let wav = WAVTone(sampleRate: sampleRate, seconds: seconds).fileData()
        var inputs: [String] = []
        for index in 0..<files {
            let path = folder.appendingPathComponent("in-\(index).wav").path
            try wav.write(to: URL(fileURLWithPath: path))
            inputs.append(path)
        }
        let format = try WAVFile.format(atPath: inputs[0])
        var runs: [Run] = []
        for encoder in encoders {
            try encoder.checkAvailable()
            var best: Run?
            for _ in 0..<max(1, repeats) {
                let cpuBefore = cpuSeconds()
                let started = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    var next = 0
                    func add() {
                        let input = inputs[next]
                        let output = folder.appendingPathComponent("out-\(next).mp3").path
                        next += 1
                        group.addTask {
                            try await encoder.encode(input, format: format, to: output, settings: MP3Settings())
                        }
                    }
                    while next < min(concurrency, inputs.count) { add() }
                    while try await group.next() != nil { if next < inputs.count { add() } }
                }
                let wall = ContinuousClock.now - started
                let run = Run(
                    encoder: encoder.name,
                    files: files,
                    concurrency: concurrency,
                    audioSeconds: Double(files) * format.seconds,
                    wallSeconds: LatencyPercentiles.milliseconds(wall) / 1000,
                    cpuSeconds: cpuSeconds() - cpuBefore
                )
                if best.map({ run.wallSeconds < $0.wallSeconds }) ?? true { best = run }
            }
            if let best { runs.append(best) }
        }
        return runs
    }

    /// User + system CPU seconds of this process and its reaped children.
    static func cpuSeconds() -> Double {
        var total = 0.0
        #if canImport(Glibc)
        let whom = [RUSAGE_SELF.rawValue, RUSAGE_CHILDREN.rawValue]
        #else
        let whom = [RUSAGE_SELF, RUSAGE_CHILDREN]
        #endif
        for who in whom {
            var usage = rusage()
            getrusage(who, &usage)
            total += Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            total += Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }
        return total
    }
}
