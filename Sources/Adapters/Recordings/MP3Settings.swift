/// How recordings are encoded.
public struct MP3Settings: Sendable, Hashable, Codable {
    /// Constant bit rate, kbit/s (8 … 64: valid for MPEG-2 and MPEG-2.5, the layers of 8–24 kHz input).
    public var bitrate: Int
    /// The output sample rate; nil keeps the input's. Recordings joined into one record are encoded at one rate.
    public var outputSampleRate: Int?

    /// Settings.
    public init(bitrate: Int = 32, outputSampleRate: Int? = nil) {
        self.bitrate = bitrate
        self.outputSampleRate = outputSampleRate
    }

    /// Bit rates accepted in `recordings.bitrate`.
    public static let bitrates: [Int] = [8, 16, 24, 32, 40, 48, 56, 64]
}
