/// What compiling the rules of one file gave: reusable by a later load while the file's text, and everything its
/// rules read from other files (lists, maps, macros, the results bound with `as:`), are unchanged.
struct CompiledFile: Sendable {
    /// The file's text when it was compiled.
    var text: String
    /// Its enabled rules, compiled.
    var rules: [CompiledRule]
    /// The problems compiling them found.
    var diagnostics: [Diagnostic]
    /// The names its rules mention, and the lists its `match:` entries name (for "defined but never used").
    var namesUsed: Set<String>
    var listsUsed: Set<String>
}

/// Everything a rule's compilation reads besides its own file: every file's lists, maps and macros, and the
/// results bound with `as:`. Compiled files are reused only while this is unchanged.
struct RuleDefinitions: Sendable, Hashable {
    var lists: [[ListDefinition]]
    var maps: [[MapDefinition]]
    var macros: [[MacroDefinition]]
    var bindings: [String: CatalogObject]

    init(files: [RuleFile], bindings: [String: CatalogObject]) {
        lists = files.map(\.lists)
        maps = files.map(\.maps)
        macros = files.map(\.macros)
        self.bindings = bindings
    }
}
