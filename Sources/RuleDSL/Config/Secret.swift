/// A secret from the configuration (AMI password, webhook URL, application token). Its description is
/// always redacted, so it cannot reach a log line, an error text or a metric label by accident; the
/// value is read only through ``reveal()``, at the one place that sends it.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    /// Wraps a secret value.
    public init(_ value: String) {
        self.value = value
    }

    /// The secret itself.
    public func reveal() -> String { value }

    /// Whether the secret is empty.
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
