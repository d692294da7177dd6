/// One `Key: Value` line of a message, decoded. C-escaped values (see ``AMIEscaping``) are already unescaped.
public struct AMIHeader: Sendable, Hashable, CustomStringConvertible {
    /// The key as spelled on the wire (lookups ignore case).
    public var name: String
    /// The value, without the single space after the colon and without the line terminator.
    public var value: String

    /// Creates a header.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name): \(value)" }
}
