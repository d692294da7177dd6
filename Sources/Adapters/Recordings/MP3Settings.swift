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

    /// LAME's algorithm quality (`-q`, 0 best … 9 fastest) of both encoders: 7, "fast, ok quality". Telephony audio
    /// (8–16 kHz, 32 kbit/s) loses nothing audible against the `lame` program's default 3, which costs about twice the
    /// CPU per second of audio — CPU the cards share on a small machine.
    public static let algorithmQuality = 7

    /// Bit rates accepted in `recordings.bitrate`.
    public static let bitrates: [Int] = [8, 16, 24, 32, 40, 48, 56, 64]
}
