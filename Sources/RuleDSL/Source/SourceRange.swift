/// A half-open range of a source file: `start` is the first character, `end` the position just after the last.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as the user named it (never resolved, so messages show what the user typed).
    public var file: String
    /// The first character of the range.
    public var start: SourcePosition
    /// The position just past the last character of the range.
    public var end: SourcePosition

    /// Creates a range; an `end` before `start` is clamped to `start`.
    public init(file: String, start: SourcePosition, end: SourcePosition) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// A range covering `length` scalars of one line.
    public init(file: String, line: Int, column: Int, length: Int = 1) {
        self.init(
            file: file,
            start: SourcePosition(line: line, column: column),
            end: SourcePosition(line: line, column: column + max(length, 0))
        )
    }

    /// A range that starts and ends at the start of the file: for problems of the file as a whole.
    public static func wholeFile(_ file: String) -> SourceRange {
        SourceRange(file: file, line: 1, column: 1, length: 0)
    }

    public var description: String { "\(file):\(start)" }
}
