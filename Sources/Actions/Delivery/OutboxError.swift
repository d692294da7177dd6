/// The outbox file could not be read or written.
public struct OutboxError: Error, Sendable, CustomStringConvertible {
    /// What was being done.
    public let operation: String
    /// The SQLite / GRDB error text, on one line (GRDB quotes the statement, which may span lines).
    public let detail: String

    init(operation: String, underlying: any Error) {
        self.operation = operation
        self.detail = Self.oneLine(String(describing: underlying))
    }

    /// `text` with every run of whitespace (line breaks included) as one space.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    init(operation: String, detail: String) {
        self.operation = operation
        self.detail = detail
    }

    /// Whether the file is not a SQLite database or is damaged (it is not opened over; move it aside).
    public private(set) var isCorrupt = false

    /// The file at `file` is not a SQLite database or fails SQLite's integrity check.
    static func corrupt(file: String, detail: String) -> OutboxError {
        var error = OutboxError(
            operation: "open \(file)",
            detail: "the file is not a SQLite database or is damaged (\(detail)); it was left untouched — move it "
                + "aside (or restore a copy) and start again: commands still in it are not delivered"
        )
        error.isCorrupt = true
        return error
    }

    /// One line.
    public var description: String { "outbox: cannot \(operation): \(detail)" }
}
