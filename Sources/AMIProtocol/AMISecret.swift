/// A password that never shows up in descriptions, dumps, logs or errors.
public struct AMISecret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret text. Read it only to put it on the wire.
    public let revealed: String

    /// Wraps a secret.
    public init(_ revealed: String) { self.revealed = revealed }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }
}
