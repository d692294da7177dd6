/// The lint front end: checks every file named (folders expand to their YAML files) and reports
/// every problem of every file in one pass, through the same loader the daemon uses.
public enum Linter {
    /// Lints `paths` (files or folders).
    public static func lint(paths: [String], limits: YAMLLimits = .default) -> LintReport {
        RuleSetLoader.load(paths: paths, limits: limits).report
    }
}
