/// What a wav file holds, read from its RIFF header: the PCM format and where the samples are.
///
/// MixMonitor writes 16-bit PCM at 8 kHz (`wav`) or 16 kHz (`wav16`), mono (stereo with the `D` option), and
/// updates the sizes in the header only when it closes the file: a file whose channel is still recording, or whose
/// writer died, says 0 (or more than there is) for its data. Such a file is read to its end.
public struct WAVFormat: Sendable, Hashable, Codable {
    /// Samples per second (per channel).
    public var sampleRate: Int
    /// 1 (mono) or 2 (stereo, interleaved).
    public var channels: Int
    /// Always 16.
    public var bitsPerSample: Int
    /// Where the samples start (the `data` chunk's body).
    public var dataOffset: Int64
    /// Bytes of samples to read: the header's size when the file holds that many, else what the file holds (whole
    /// frames only).
    public var dataLength: Int64
    /// The header's data size disagrees with the file (0, or more than there is): the writer did not close it, and
    /// the samples run from ``dataOffset`` to the end of the file.
    public var truncated: Bool

    /// Bytes per frame (one sample of every channel).
    public var frameSize: Int { channels * bitsPerSample / 8 }

    /// The recording's length in seconds.
    public var seconds: Double {
        guard sampleRate > 0, frameSize > 0 else { return 0 }
        return Double(dataLength / Int64(frameSize)) / Double(sampleRate)
    }

    /// Sample rates LAME encodes (MPEG-1, 2 and 2.5).
    public static let supportedSampleRates: Set<Int> = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]

    /// A format.
    public init(
        sampleRate: Int,
        channels: Int,
        bitsPerSample: Int = 16,
        dataOffset: Int64,
        dataLength: Int64,
        truncated: Bool = false
    ) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitsPerSample = bitsPerSample
        self.dataOffset = dataOffset
        self.dataLength = dataLength
        self.truncated = truncated
    }
}
