/// Why a file is not a wav the converter can read.
public enum WAVFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No bytes at all, or a header without a single sample.
    case empty
    /// Not a RIFF/WAVE file, or its chunks are broken.
    case corrupt(String)
    /// A wav, but not 16-bit PCM at a rate LAME encodes (e.g. MixMonitor's `wav49`, GSM).
    case unsupported(String)

    public var description: String {
        switch self {
        case .empty: "the file holds no audio"
        case .corrupt(let detail): "not a valid wav file: \(detail)"
        case .unsupported(let detail): "unsupported wav format: \(detail)"
        }
    }
}
