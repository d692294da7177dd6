public import Foundation

/// What a recording's file looks like at one moment.
public enum RecordingFileObservation: Sendable, Equatable {
    /// No candidate path exists (yet).
    case missing
    /// It exists but cannot be read, or the folder cannot be searched: the reason.
    case unreadable(String)
    /// A regular, readable file.
    case present(path: String, size: Int64, modified: Date)
}
