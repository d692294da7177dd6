/// One decoded rule file: its definitions and rules, every part with its source range.
public struct RuleFile: Sendable {
    /// The path as named.
    public var path: String
    /// The file's text.
    public var source: SourceFile
    /// `version:` (1).
    public var version: Located<Int>?
    public var lists: [ListDefinition] = []
    public var maps: [MapDefinition] = []
    public var macros: [MacroDefinition] = []
    public var rules: [Rule] = []
    /// `queues:`: the engine queues defined in this file.
    public var queues: [QueueDefinition] = []

    /// Creates an empty rule file.
    public init(path: String, source: SourceFile) {
        self.path = path
        self.source = source
    }
}

/// `lists: {name: [a, b]}`: a named list of text, used by `in` and `match:` (`$name`).
public struct ListDefinition: Sendable, Hashable {
    public var name: Located<String>
    public var items: [Located<String>]
}

/// `maps: {name: {key: value}}`: a lookup table, used by `lookup(name, key)`.
public struct MapDefinition: Sendable, Hashable {
    public var name: Located<String>
    public var entries: [MapEntry]
}

/// One entry of a map.
public struct MapEntry: Sendable, Hashable {
    public var key: Located<String>
    public var value: Located<String>
}

/// `macros: {name: expression}`: a named condition, used by name in expressions.
public struct MacroDefinition: Sendable, Hashable {
    public var name: Located<String>
    public var expression: ExpressionText
}
