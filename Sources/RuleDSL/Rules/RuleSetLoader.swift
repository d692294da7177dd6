/// Loads a rules folder exactly as the daemon and `engine lint` do: every file read (as one consistent
/// ``RuleFolderSnapshot``), parsed, decoded and checked, every problem reported, and a rule set only when no error
/// was found.
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
        /// The files as read (paths, identities), in load order.
        public var read: [RuleFolderSnapshot.File] = []
    }

    /// Loads the files and folders in `paths`.
    public static func load(paths: [String], limits: YAMLLimits = .default) -> Result {
        var cache = RuleFileCache()
        return load(RuleFolderSnapshot.read(paths: paths, limits: limits), limits: limits, cache: &cache)
    }

    /// Loads files already read; a file whose bytes are those `cache` saw last time is not parsed and decoded again
    /// (a reload of a large folder where one file changed parses that file only). `cache` keeps this load's files.
    public static func load(
        _ snapshot: RuleFolderSnapshot,
        limits: YAMLLimits = .default,
        cache: inout RuleFileCache
    )
        -> Result
    {
        let clock = ContinuousClock()
        var phases: [(name: String, duration: Duration)] = []
        var mark = clock.now
        func phase(_ name: String) {
            let now = clock.now
            phases.append((name, now - mark))
            mark = now
        }
        var diagnostics = snapshot.problems
        var sources: [String: SourceFile] = [:]
        var files: [RuleFile] = []
        var kept = RuleFileCache()
        for read in snapshot.files {
            let bytes: [UInt8]
            switch read.content {
            case .unreadable(let problem):
                diagnostics.append(problem)
                continue
            case .bytes(let content): bytes = content
            }
            let parsed =
                cache.entry(for: read.path, bytes: bytes) ?? RuleFileCache.parse(bytes, path: read.path, limits)
            kept.keep(parsed, for: read.path)
            if let source = parsed.source { sources[read.path] = source }
            diagnostics += parsed.diagnostics
            if let file = parsed.file { files.append(file) }
        }
        phase("read, parse and decode")
        var checker = RuleSetChecker(files: files)
        checker.checkStructure()
        diagnostics += checker.diagnostics
        phase("check")
        var compiler = RuleSetCompiler(files: files, bindings: checker.bindings)
        let definitions = RuleDefinitions(files: files, bindings: checker.bindings)
        if cache.definitions == definitions { compiler.reusable = cache.compiled }
        let ruleSet = compiler.compile()
        diagnostics += compiler.diagnostics
        kept.definitions = definitions
        kept.compiled = compiler.compiledFiles
        cache = kept
        phase("compile")
        diagnostics = InlineSuppression.filter(diagnostics, sources: sources)
        let report = LintReport(
            diagnostics: diagnostics,
            sources: sources,
            fileCount: snapshot.files.count + snapshot.problems.count
        )
        var result = Result(files: files, report: report, ruleSet: report.errorCount == 0 ? ruleSet : nil)
        result.phases = phases
        result.read = snapshot.files
        return result
    }
}
