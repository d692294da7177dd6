/// A node of a YAML document, with its exact source range and, for scalars, its style.
///
/// Values are plain data (`Sendable`); the tree holds no anchors or aliases (the loader refuses them),
/// so a node stands in exactly one place of its file.
public struct YAMLNode: Sendable, Hashable {
    /// What a node holds.
    public enum Kind: Sendable, Hashable {
        /// A scalar: its text exactly as YAML decoded it (never typed: typing is the schema's job).
        case scalar(String, ScalarStyle)
        /// A sequence and its items.
        case sequence([YAMLNode], CollectionStyle)
        /// A mapping and its entries, in file order.
        case mapping([YAMLPair], CollectionStyle)
    }

    /// The content.
    public var kind: Kind
    /// The explicit tag, e.g. `tag:yaml.org,2002:str` for `!!str`, or nil.
    public var tag: String?
    /// From the first character of the node (its tag or anchor included) to just past its last.
    public var range: SourceRange

    /// Creates a node.
    public init(kind: Kind, tag: String? = nil, range: SourceRange) {
        self.kind = kind
        self.tag = tag
        self.range = range
    }
}

/// How a scalar was written. Block scalars need it to map positions inside them back to the file.
public enum ScalarStyle: String, Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// How a collection was written: indented (block) or with brackets (flow).
public enum CollectionStyle: String, Sendable, Hashable {
    case block, flow
}

/// One entry of a mapping.
public struct YAMLPair: Sendable, Hashable {
    /// The key node (normally a scalar).
    public var key: YAMLNode
    /// The value node.
    public var value: YAMLNode

    /// Creates an entry.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}
