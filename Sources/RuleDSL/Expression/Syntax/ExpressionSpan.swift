/// A half-open range of Unicode scalar offsets (0-based) into the text an expression or template was
/// parsed from. The caller maps offsets onto file positions (the text of a YAML scalar starts somewhere
/// in the file, and a block scalar may span several lines), so the expression layer never needs to
/// know about files.
public struct ExpressionSpan: Sendable, Hashable, CustomStringConvertible {
    /// Offset of the first scalar.
    public var start: Int
    /// Offset just past the last scalar.
    public var end: Int

    /// Creates a span; an `end` before `start` is clamped to `start`.
    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The span covering both spans and everything between them.
    public func union(_ other: ExpressionSpan) -> ExpressionSpan {
        ExpressionSpan(min(start, other.start), max(end, other.end))
    }

    /// Number of scalars covered.
    public var length: Int { end - start }

    public var description: String { "\(start)..<\(end)" }
}
