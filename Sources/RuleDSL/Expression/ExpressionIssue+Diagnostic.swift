extension ExpressionIssue {
    /// Turns the issue into a diagnostic of `file`, mapping each scalar offset of the expression text to
    /// a file position with `position` (offset → position of that scalar; for `end`, the position just
    /// past the last scalar). The suggestion, when present, becomes "did you mean `x`?".
    public func diagnostic(file: String, position: (Int) -> SourcePosition) -> Diagnostic {
        func range(_ span: ExpressionSpan) -> SourceRange {
            SourceRange(file: file, start: position(span.start), end: position(span.end))
        }
        return Diagnostic(
            code,
            message,
            at: range(span),
            notes: notes.map { Diagnostic.Note($0.message, at: range($0.span)) },
            suggestion: suggestion.map { "did you mean `\($0)`?" }
        )
    }
}
