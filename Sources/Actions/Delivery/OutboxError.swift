/// The outbox file could not be read or written.
public struct OutboxError: Error, Sendable, CustomStringConvertible {
    /// What was being done.
    public let operation: String
    /// The SQLite / GRDB error text.
    public let detail: String

    init(operation: String, underlying: any Error) {
        self.operation = operation
        self.detail = String(describing: underlying)
    }

    init(operation: String, detail: String) {
        self.operation = operation
        self.detail = detail
    }

    /// One line.
    public var description: String { "outbox: cannot \(operation): \(detail)" }
}
