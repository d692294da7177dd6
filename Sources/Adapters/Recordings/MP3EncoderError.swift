/// Why a recording could not be encoded.
public struct MP3EncoderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The encoder cannot run here (the `lame` executable or libmp3lame is missing).
        case unavailable
        /// It ran and failed (exit status, a signal, a timeout, no output).
        case failed
    }

    public var kind: Kind
    /// For the log: the encoder's own words where it gave some.
    public var detail: String

    /// An error.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { detail }
}
