extension YAMLNode {
    /// The node as an expression ``Value``: plain scalars typed the YAML 1.2 core way (`42` an int,
    /// `2.5` a double, `true`/`false` a bool, `null`/`~`/empty null), quoted scalars text, sequences
    /// lists, mappings maps.
    public var value: Value {
        switch kind {
        case .scalar(let text, .plain):
            if isNull { return .null }
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
            if let int = Int(text) { return .int(int) }
            if let double = Double(text), text.contains(".") { return .double(double) }
            return .string(text)
        case .scalar(let text, _):
            return .string(text)
        case .sequence(let items, _):
            return .list(items.map(\.value))
        case .mapping(let pairs, _):
            var map: [String: Value] = [:]
            for pair in pairs {
                guard let key = pair.key.scalarValue else { continue }
                map[key] = pair.value.value
            }
            return .map(map)
        }
    }
}
