public import Foundation

/// Reads MP3 bytes back with the real decoder (`lame --decode`), for tests that must show a file is playable audio.
public struct LameDecoding: Sendable, Equatable {
    /// Samples per second of the decoded audio.
    public var sampleRate: Int
    /// Channels.
    public var channels: Int
    /// Length in seconds.
    public var seconds: Double
    /// Root mean square of the samples (full scale 32767): near 0 is silence.
    public var rms: Double

    /// Checks `mp3` frame by frame (``MPEGAudioFrames``), then decodes it: both views of the same audio.
    public static func verify(_ mp3: Data) throws -> (frames: MPEGAudioFrames, decoded: LameDecoding) {
        (try MPEGAudioFrames.parse(mp3), try decode(mp3))
    }

    /// Decodes `mp3`; throws when `lame` is missing, fails, or writes no wav.
    public static func decode(_ mp3: Data) throws -> LameDecoding {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("decode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.mp3")
        let output = folder.appendingPathComponent("out.wav")
        try mp3.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["lame", "--quiet", "--decode", input.path, output.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DecodingFailed("lame --decode exited \(process.terminationStatus)")
        }
        let wav = [UInt8](try Data(contentsOf: output))
        guard wav.count >= 44, wav[0..<4].elementsEqual("RIFF".utf8) else { throw DecodingFailed("no wav written") }
        func int(_ at: Int, _ size: Int) -> Int { (0..<size).reduce(0) { $0 | Int(wav[at + $1]) << (8 * $1) } }
        let channels = int(22, 2)
        let rate = int(24, 4)
        var offset = 12
        while offset + 8 <= wav.count, !wav[offset..<(offset + 4)].elementsEqual("data".utf8) {
            offset += 8 + int(offset + 4, 4)
        }
        guard offset + 8 <= wav.count, rate > 0, channels > 0 else { throw DecodingFailed("no data chunk") }
        let start = offset + 8
        let count = (wav.count - start) / 2
        var sum = 0.0
        for index in 0..<count {
            let sample = Double(Int16(truncatingIfNeeded: int(start + 2 * index, 2)))
            sum += sample * sample
        }
        return LameDecoding(
            sampleRate: rate,
            channels: channels,
            seconds: Double(count / channels) / Double(rate),
            rms: count > 0 ? (sum / Double(count)).squareRoot() : 0
        )
    }

    /// Why decoding failed.
    public struct DecodingFailed: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
