/// Loads a rules folder exactly as the daemon and `engine lint` do: every file read, parsed,
/// decoded and checked, every problem reported, and a rule set only when no error was found.
public enum RuleSetLoader {
    /// What loading produced.
    public struct Result: Sendable {
        /// The decoded files (also when there were errors, for tools that want to show them).
        public var files: [RuleFile]
        /// Every problem, with the files' text for rendering.
        public var report: LintReport
        /// The compiled rules, when no error was found.
        public var ruleSet: CompiledRuleSet?
        /// True when no error was found: the rules may be applied.
        public var isLoadable: Bool { ruleSet != nil }
        /// How long each phase took: read and parse, decode, check, compile.
        public var phases: [(name: String, duration: Duration)] = []
    }

    /// Loads the files and folders in `paths`.
    public static func load(paths: [String], limits: YAMLLimits = .default) -> Result {
        let clock = ContinuousClock()
        var phases: [(name: String, duration: Duration)] = []
        var mark = clock.now
        func phase(_ name: String) {
            let now = clock.now
            phases.append((name, now - mark))
            mark = now
        }
        let (names, problems) = LintInputs.expand(paths)
        var diagnostics = problems
        var sources: [String: SourceFile] = [:]
        var files: [RuleFile] = []
        for name in names {
            let loaded = YAMLLoader.load(path: name, limits: limits)
            if let source = loaded.source { sources[name] = source }
            diagnostics += loaded.diagnostics
            guard loaded.isClean, let document = loaded.document else { continue }
            var decoder = RuleFileDecoder(document: document)
            files.append(decoder.decode())
            diagnostics += decoder.diagnostics
        }
        phase("read, parse and decode")
        var checker = RuleSetChecker(files: files)
        checker.checkStructure()
        diagnostics += checker.diagnostics
        phase("check")
        var compiler = RuleSetCompiler(files: files, bindings: checker.bindings)
        let ruleSet = compiler.compile()
        diagnostics += compiler.diagnostics
        phase("compile")
        diagnostics = InlineSuppression.filter(diagnostics, sources: sources)
        let report = LintReport(diagnostics: diagnostics, sources: sources, fileCount: names.count + problems.count)
        var result = Result(files: files, report: report, ruleSet: report.errorCount == 0 ? ruleSet : nil)
        result.phases = phases
        return result
    }
}
