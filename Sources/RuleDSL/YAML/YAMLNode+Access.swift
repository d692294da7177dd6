extension YAMLNode {
    /// The scalar's text, or nil for a collection.
    public var scalarValue: String? {
        if case .scalar(let value, _) = kind { return value }
        return nil
    }

    /// The scalar's style, or nil for a collection.
    public var scalarStyle: ScalarStyle? {
        if case .scalar(_, let style) = kind { return style }
        return nil
    }

    /// The mapping's entries, or nil when the node is not a mapping.
    public var mappingPairs: [YAMLPair]? {
        if case .mapping(let pairs, _) = kind { return pairs }
        return nil
    }

    /// The sequence's items, or nil when the node is not a sequence.
    public var sequenceItems: [YAMLNode]? {
        if case .sequence(let items, _) = kind { return items }
        return nil
    }

    /// True for a plain scalar that YAML reads as null: empty, `~` or `null`.
    public var isNull: Bool {
        guard case .scalar(let value, .plain) = kind else { return false }
        return value.isEmpty || value == "~" || value == "null" || value == "Null" || value == "NULL"
    }

    /// The value of a mapping entry whose key is the scalar `key`.
    public subscript(key: String) -> YAMLNode? {
        mappingPairs?.first { $0.key.scalarValue == key }?.value
    }

    /// A short name of the node's kind for messages: "text", "list", "mapping".
    public var kindName: String {
        switch kind {
        case .scalar: "text"
        case .sequence: "list"
        case .mapping: "mapping"
        }
    }
}
