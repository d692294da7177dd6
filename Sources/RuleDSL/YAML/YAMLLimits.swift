/// Bounds the loader enforces so that hostile input cannot exhaust memory, stack or time.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest file accepted, in bytes.
    public var maxFileBytes: Int
    /// Deepest nesting of mappings and sequences accepted.
    public var maxDepth: Int

    /// Most problems reported for one file before the loader stops reading it (a hostile file
    /// of a million aliases must not produce a million messages).
    public var maxDiagnostics: Int

    /// Creates limits.
    public init(maxFileBytes: Int = 1 << 20, maxDepth: Int = 64, maxDiagnostics: Int = 100) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxDiagnostics = maxDiagnostics
    }

    /// The limits used for rule files and config unless told otherwise.
    public static let `default` = YAMLLimits()
}
