public import Foundation

/// Checks that bytes are MPEG audio (Layer III) from start to end: every frame begins with the frame sync and a
/// valid header, and the next frame starts exactly where the header says this one ends.
public struct MPEGAudioFrames: Sendable, Equatable {
    /// Frames found.
    public var count: Int
    /// The sample rate of the first frame (all must share it).
    public var sampleRate: Int
    /// 1 or 2.
    public var channels: Int
    /// Audio length in seconds.
    public var seconds: Double

    /// The frames of `data`, or why they are not a clean MPEG Layer III stream.
    public static func parse(_ data: Data) throws(MPEGAudioError) -> MPEGAudioFrames {
        let bytes = [UInt8](data)
        var offset = 0
        if bytes.count >= 10, bytes[0..<3].elementsEqual("ID3".utf8) {
            let size = bytes[6..<10].reduce(0) { $0 << 7 | Int($1 & 0x7F) }
            offset = 10 + size
        }
        var end = bytes.count
        if end - offset >= 128, bytes[(end - 128)..<(end - 125)].elementsEqual("TAG".utf8) { end -= 128 }
        var frames = 0
        var samples = 0
        var first: (rate: Int, channels: Int)?
        while offset < end {
            guard end - offset >= 4 else { throw MPEGAudioError(offset: offset, reason: "a partial header at the end") }
            let header = try FrameHeader(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3], offset)
            if let first, first.rate != header.sampleRate {
                throw MPEGAudioError(offset: offset, reason: "sample rate \(header.sampleRate) after \(first.rate)")
            }
            first = first ?? (header.sampleRate, header.channels)
            guard offset + header.length <= end else {
                throw MPEGAudioError(offset: offset, reason: "a frame of \(header.length) bytes runs past the end")
            }
            frames += 1
            samples += header.samplesPerFrame
            offset += header.length
        }
        guard let first, frames > 0 else { throw MPEGAudioError(offset: 0, reason: "no frames") }
        return MPEGAudioFrames(
            count: frames,
            sampleRate: first.rate,
            channels: first.channels,
            seconds: Double(samples) / Double(first.rate)
        )
    }

    struct FrameHeader {
        let sampleRate: Int
        let channels: Int
        let length: Int
        let samplesPerFrame: Int

        static let bitratesV1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
        static let bitratesV2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]

        init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8, _ offset: Int) throws(MPEGAudioError) {
            guard b0 == 0xFF, b1 & 0xE0 == 0xE0 else {
                throw MPEGAudioError(offset: offset, reason: String(format: "no frame sync (%02X %02X)", b0, b1))
            }
            let version = Int(b1 >> 3) & 3  // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
            guard version != 1 else { throw MPEGAudioError(offset: offset, reason: "reserved MPEG version") }
            guard Int(b1 >> 1) & 3 == 1 else { throw MPEGAudioError(offset: offset, reason: "not Layer III") }
            let bitrateIndex = Int(b2 >> 4)
            let rateIndex = Int(b2 >> 2) & 3
            guard bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3 else {
                throw MPEGAudioError(offset: offset, reason: "a bad bitrate or sample rate index")
            }
            let bitrate = (version == 3 ? Self.bitratesV1 : Self.bitratesV2)[bitrateIndex] * 1000
            let rates =
                version == 3 ? [44100, 48000, 32000] : version == 2 ? [22050, 24000, 16000] : [11025, 12000, 8000]
            sampleRate = rates[rateIndex]
            channels = Int(b3 >> 6) == 3 ? 1 : 2
            samplesPerFrame = version == 3 ? 1152 : 576
            let padding = Int(b2 >> 1) & 1
            length = samplesPerFrame / 8 * bitrate / sampleRate + padding
        }
    }
}

/// Where and why bytes stop being MPEG audio.
public struct MPEGAudioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte offset.
    public var offset: Int
    /// What is wrong there.
    public var reason: String

    public var description: String { "not MPEG audio at byte \(offset): \(reason)" }
}
