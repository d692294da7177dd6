/// Rule files parsed, decoded and compiled by an earlier load, by path, with the bytes they were made from: a reload
/// parses only the files whose bytes changed, and compiles only those, or all of them when a list, map, macro or
/// `as:` result changed (see ``RuleSetLoader/load(_:limits:cache:)``).
public struct RuleFileCache: Sendable {
    /// One file's parse.
    struct Entry: Sendable {
        var bytes: [UInt8]
        var source: SourceFile?
        /// Problems of parsing and decoding.
        var diagnostics: [Diagnostic]
        /// The decoded file; nil when it did not parse cleanly.
        var file: RuleFile?
    }

    private var entries: [String: Entry] = [:]
    /// The definitions the last load compiled against, and each file it compiled.
    var definitions: RuleDefinitions?
    var compiled: [String: CompiledFile] = [:]

    /// An empty cache.
    public init() {}

    /// How many files it holds.
    public var count: Int { entries.count }

    /// The parse of `path` when its bytes are still `bytes`.
    func entry(for path: String, bytes: [UInt8]) -> Entry? {
        guard let entry = entries[path], entry.bytes == bytes else { return nil }
        return entry
    }

    mutating func keep(_ entry: Entry, for path: String) {
        entries[path] = entry
    }

    /// Parses and decodes one file.
    static func parse(_ bytes: [UInt8], path: String, _ limits: YAMLLimits) -> Entry {
        let loaded = YAMLLoader.load(bytes: bytes, path: path, limits: limits)
        var entry = Entry(bytes: bytes, source: loaded.source, diagnostics: loaded.diagnostics, file: nil)
        guard loaded.isClean, let document = loaded.document else { return entry }
        var decoder = RuleFileDecoder(document: document)
        entry.file = decoder.decode()
        entry.diagnostics += decoder.diagnostics
        return entry
    }
}
