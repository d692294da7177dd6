public import Foundation

/// A wav file with audible content, as MixMonitor writes them (16-bit PCM, mono, 8 or 16 kHz): a tone with a little
/// noise, so the encoder has something real to do. For tests, the demo's recordings and `engine bench recordings`.
public struct WAVTone: Sendable {
    /// Samples per second.
    public var sampleRate: Int
    /// Length in seconds.
    public var seconds: Double
    /// The tone's frequency (Hz).
    public var frequency: Double
    /// 1 or 2.
    public var channels: Int

    /// A tone.
    public init(sampleRate: Int = 8000, seconds: Double = 3, frequency: Double = 440, channels: Int = 1) {
        self.sampleRate = sampleRate
        self.seconds = seconds
        self.frequency = frequency
        self.channels = channels
    }

    /// The samples, little-endian, interleaved.
    public var samples: Data {
        let frames = Int(Double(sampleRate) * seconds)
        var random = UInt32(0x2545_F491)
        var data = Data(capacity: frames * channels * 2)
        for index in 0..<frames {
            random ^= random << 13
            random ^= random >> 17
            random ^= random << 5
            let noise = Double(Int32(bitPattern: random) >> 20)  // about ±2048
            let tone = 9000 * sin(2 * Double.pi * frequency * Double(index) / Double(sampleRate))
            let value = Int16(clamping: Int((tone + noise).rounded()))
            for _ in 0..<channels { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        }
        return data
    }

    /// The whole file; `declaredDataSize` overrides the header's data size (0: a file MixMonitor never closed).
    public func fileData(declaredDataSize: UInt32? = nil) -> Data {
        let samples = self.samples
        let dataSize = declaredDataSize ?? UInt32(samples.count)
        var header = Data()
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { header.append(contentsOf: $0) } }
        func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { header.append(contentsOf: $0) } }
        header.append(contentsOf: Array("RIFF".utf8))
        append32(dataSize &+ 36)
        header.append(contentsOf: Array("WAVEfmt ".utf8))
        append32(16)
        append16(1)
        append16(UInt16(channels))
        append32(UInt32(sampleRate))
        append32(UInt32(sampleRate * channels * 2))
        append16(UInt16(channels * 2))
        append16(16)
        header.append(contentsOf: Array("data".utf8))
        append32(dataSize)
        return header + samples
    }

    /// Writes the file at `url`.
    public func write(to url: URL, declaredDataSize: UInt32? = nil) throws {
        try fileData(declaredDataSize: declaredDataSize).write(to: url)
    }
}
