public import Adapters
public import Foundation

/// One recording of a ``RecordingJob``: where it stands, from the name a rule gave to its encoding.
public struct RecordingJobFile: Codable, Sendable, Equatable {
    /// Where the file stands.
    public enum State: Codable, Sendable, Equatable {
        /// Not found yet; `problem` says why the last look failed when it did (an unreadable folder).
        case waiting(problem: String?)
        /// Found; complete once its size and modification time have held `settle` since `since`.
        case settling(path: String, size: Int64, modified: Date, since: Date)
        /// Complete: its header is being read.
        case checking(path: String)
        /// A wav the encoder reads.
        case ready(path: String, format: WAVFormat)
        /// Being encoded to ``RecordingJobFile/part`` at `rate` Hz.
        case encoding(path: String, format: WAVFormat, rate: Int)
        /// Encoded to ``RecordingJobFile/part`` at `rate` Hz.
        case encoded(path: String, format: WAVFormat, rate: Int)
        /// Given up (reported once, with this result).
        case failed(RecordingResult)
    }

    /// The name the rule gave (`event.file`, or a name in `recordings.dir`).
    public let name: String
    /// The rule that attached it.
    public let rule: String
    /// Where its mp3 is written.
    public let part: String
    /// Where it stands.
    public internal(set) var state: State

    /// Whether the file is still awaited on disk (missing, or not yet complete).
    var isAwaited: Bool {
        switch state {
        case .waiting, .settling, .checking: true
        default: false
        }
    }

    /// The wav and its format, once known.
    var wav: (path: String, format: WAVFormat)? {
        switch state {
        case .ready(let path, let format), .encoding(let path, let format, _), .encoded(let path, let format, _):
            (path, format)
        default: nil
        }
    }
}
