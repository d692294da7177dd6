import Foundation
public import Logging

/// A swift-log handler writing one JSON object per line, for log shippers: `time` (ISO-8601, milliseconds, UTC),
/// `level`, `logger` (the label), `message`, and each metadata key at the top level (a key that would shadow one of
/// those is prefixed with `_`). Metadata keeps its shape: strings, lists and maps.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    /// A handler for `label` writing each line with `write` (default: standard error).
    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level,
        message: Logger.Message,
        metadata explicit: Logger.Metadata?,
        source: String,
        file: String,
        function: String,
        line: UInt
    ) {
        var fields: [String: Field] = [
            "time": .text(Self.timestamp()), "level": .text(level.rawValue), "logger": .text(label),
            "message": .text(message.description),
        ]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) {
            fields[fields[key] == nil ? key : "_" + key] = Field(value)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(fields) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// Writes to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A metadata value as JSON.
    enum Field: Encodable {
        case text(String)
        case list([Field])
        case map([String: Field])

        init(_ value: Logger.Metadata.Value) {
            switch value {
            case .string(let text): self = .text(text)
            case .stringConvertible(let convertible): self = .text(convertible.description)
            case .array(let values): self = .list(values.map(Field.init))
            case .dictionary(let values): self = .map(values.mapValues(Field.init))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .list(let values): try container.encode(values)
            case .map(let values): try container.encode(values)
            }
        }
    }
}

/// How `engine run` writes its log lines.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `2026-… info switchboard.ami : key=value message` (swift-log's stream format).
    case text
    /// One JSON object per line (``JSONLogHandler``).
    case json

    /// Installs the process's log handler: this format, on standard error, at `level`.
    public func bootstrap(level: Logger.Level) {
        switch self {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
