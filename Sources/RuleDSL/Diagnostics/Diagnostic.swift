/// One problem found in a file: what every part of Switchboard that reports problems produces
/// (the YAML layer, the rule checker, the config loader), rendered by ``DiagnosticRenderer``.
public struct Diagnostic: Sendable, Hashable {
    /// A related location with an explanation, e.g. "first defined here".
    public struct Note: Sendable, Hashable {
        /// What the note says.
        public var message: String
        /// Where it points, if anywhere.
        public var range: SourceRange?

        /// Creates a note.
        public init(_ message: String, at range: SourceRange? = nil) {
            self.message = message
            self.range = range
        }
    }

    /// The stable code, e.g. `E103`.
    public var code: DiagnosticCode
    /// Normally the code's default severity; lowered or raised only by explicit configuration.
    public var severity: Severity
    /// A one-line statement of what is wrong.
    public var message: String
    /// Where it is wrong.
    public var range: SourceRange
    /// A short label printed under the underlined text.
    public var label: String?
    /// Related locations and further explanation.
    public var notes: [Note]
    /// What to write instead, as a sentence a person can follow.
    public var suggestion: String?

    /// Creates a diagnostic with the code's default severity unless one is given.
    public init(
        _ code: DiagnosticCode,
        _ message: String,
        at range: SourceRange,
        label: String? = nil,
        severity: Severity? = nil,
        notes: [Note] = [],
        suggestion: String? = nil
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.message = message
        self.range = range
        self.label = label
        self.notes = notes
        self.suggestion = suggestion
    }
}

extension Diagnostic: Comparable {
    /// Orders by file, then position, then code: the order a reader expects.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.range.file != rhs.range.file { return lhs.range.file < rhs.range.file }
        if lhs.range.start != rhs.range.start { return lhs.range.start < rhs.range.start }
        return lhs.code.id < rhs.code.id
    }
}
