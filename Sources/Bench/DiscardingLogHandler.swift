import Foundation
import Logging

/// A log handler that does the work `engine run`'s handler does for every line at or above its level — format
/// timestamp, level, label, metadata and message, and write the line with one `write(2)` — but to /dev/null,
/// so a benchmark pays the daemon's logging cost without flooding the terminal.
struct DiscardingLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    let label: String

    private static let sink = FileHandle(forWritingAtPath: "/dev/null")

    init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(Date().ISO8601Format()) \(event.level) \(label): \(fields) \(event.message)\n"
        Self.sink?.write(Data(line.utf8))
    }
}

extension Logger {
    /// A logger for `label` whose lines at `level` and above are formatted and discarded.
    static func discarding(_ label: String, level: Logger.Level) -> Logger {
        Logger(label: label) { DiscardingLogHandler(label: $0, level: level) }
    }
}
