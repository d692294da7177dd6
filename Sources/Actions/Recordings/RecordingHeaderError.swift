public import Adapters

/// Why a complete recording cannot be encoded: its header says so, or it cannot be read.
public struct RecordingHeaderError: Error, Sendable, Equatable {
    /// The result it ends with.
    public var result: RecordingResult
    /// For the log.
    public var detail: String

    /// An error.
    public init(_ result: RecordingResult, _ detail: String) {
        self.result = result
        self.detail = detail
    }

    /// The result of a header that is not a wav the encoder reads.
    public init(_ error: WAVFormatError) {
        switch error {
        case .empty: self.init(.empty, error.description)
        case .corrupt: self.init(.corrupt, error.description)
        case .unsupported: self.init(.unsupported, error.description)
        }
    }
}
