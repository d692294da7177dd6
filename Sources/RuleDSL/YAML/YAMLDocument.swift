/// A loaded YAML file: its source text and its single document's root node.
public struct YAMLDocument: Sendable {
    /// The text, for rendering diagnostics and re-scanning scalars.
    public let source: SourceFile
    /// The root node; nil for an empty file.
    public let root: YAMLNode?

    /// Creates a document.
    public init(source: SourceFile, root: YAMLNode?) {
        self.source = source
        self.root = root
    }
}

/// What loading one file produced: the document when it loaded, and every problem found either way.
public struct YAMLLoadResult: Sendable {
    /// The document; nil when the file could not be parsed at all.
    public let document: YAMLDocument?
    /// The file's text, when it could be read (kept even when parsing failed, for rendering).
    public let source: SourceFile?
    /// Every problem found, in file order.
    public let diagnostics: [Diagnostic]

    /// True when no diagnostic is an error.
    public var isClean: Bool { !diagnostics.contains { $0.severity == .error } }
}
