/// Everything one lint run found: the diagnostics of every file, and the files' text for rendering.
public struct LintReport: Sendable {
    /// Every diagnostic, sorted by file and position.
    public var diagnostics: [Diagnostic]
    /// The text of each file that could be read, by path, so snippets can be shown.
    public var sources: [String: SourceFile]
    /// How many files were examined (read or not).
    public var fileCount: Int

    /// Creates a report.
    public init(diagnostics: [Diagnostic], sources: [String: SourceFile], fileCount: Int) {
        self.diagnostics = diagnostics.sorted()
        self.sources = sources
        self.fileCount = fileCount
    }

    /// Number of errors.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    /// Number of warnings.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// "2 errors, 1 warning in 3 files".
    public var summary: String {
        "\(Self.count(errorCount, "error")), \(Self.count(warningCount, "warning")) in \(Self.count(fileCount, "file"))"
    }

    /// The process exit code `engine lint` uses: 0 clean, 1 errors, 3 warnings under `strict`.
    public func exitCode(strict: Bool) -> Int32 {
        if errorCount > 0 { return 1 }
        if strict && warningCount > 0 { return 3 }
        return 0
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
