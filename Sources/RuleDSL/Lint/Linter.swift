/// The lint front end: checks every file named (folders expand to their YAML files) and reports
/// every problem of every file in one pass. The daemon loads rules through the same code.
public enum Linter {
    /// Lints `paths` (files or folders).
    public static func lint(paths: [String], limits: YAMLLimits = .default) -> LintReport {
        let (files, problems) = LintInputs.expand(paths)
        var diagnostics = problems
        var sources: [String: SourceFile] = [:]
        for file in files {
            let result = YAMLLoader.load(path: file, limits: limits)
            if let source = result.source { sources[file] = source }
            diagnostics += result.diagnostics
        }
        diagnostics = InlineSuppression.filter(diagnostics, sources: sources)
        return LintReport(diagnostics: diagnostics, sources: sources, fileCount: files.count + problems.count)
    }
}
