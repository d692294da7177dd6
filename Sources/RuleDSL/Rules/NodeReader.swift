import Foundation

/// Schema-directed reading of YAML nodes with a diagnostic for every mismatch: the building blocks of
/// the rule-file and config decoders.
struct NodeReader {
    private(set) var diagnostics: [Diagnostic] = []

    /// The entries of a mapping, keyed by name; reports keys not in `allowed` (with "did you mean")
    /// and a node that is not a mapping.
    mutating func entries(of node: YAMLNode, allowed: [String], in place: String) -> [String: YAMLPair]? {
        guard let pairs = mapping(node, what: place) else { return nil }
        var result: [String: YAMLPair] = [:]
        for pair in pairs {
            guard let key = pair.key.scalarValue else {
                diagnostics.append(Diagnostic(.wrongNodeKind, "keys of \(place) are text", at: pair.key.range))
                continue
            }
            guard allowed.contains(key) else {
                diagnostics.append(
                    Diagnostic(
                        .unknownKey,
                        "unknown key `\(key)` in \(place)\(Spelling.hint(for: key, among: allowed))",
                        at: pair.key.range,
                        notes: [Diagnostic.Note("allowed here: " + allowed.joined(separator: ", "))]
                    )
                )
                continue
            }
            result[key] = pair
        }
        return result
    }

    /// The pairs of a mapping node, or a diagnostic.
    mutating func mapping(_ node: YAMLNode, what: String) -> [YAMLPair]? {
        if let pairs = node.mappingPairs { return pairs }
        if node.isNull { return [] }
        diagnostics.append(
            Diagnostic(
                .wrongNodeKind,
                "\(what) must be a mapping (`key: value` lines), not \(node.kindName)",
                at: node.range
            )
        )
        return nil
    }

    /// The items of a sequence node, or a diagnostic; a null node is an empty list.
    mutating func sequence(_ node: YAMLNode, what: String) -> [YAMLNode]? {
        if let items = node.sequenceItems { return items }
        if node.isNull { return [] }
        diagnostics.append(
            Diagnostic(
                .wrongNodeKind,
                "\(what) must be a list (`- item` lines or `[a, b]`), not \(node.kindName)",
                at: node.range
            )
        )
        return nil
    }

    /// The text of a scalar node, or a diagnostic.
    mutating func text(_ node: YAMLNode, what: String) -> Located<String>? {
        if let value = node.scalarValue { return Located(value, at: node.range) }
        diagnostics.append(Diagnostic(.wrongNodeKind, "\(what) must be text, not a \(node.kindName)", at: node.range))
        return nil
    }

    /// One text or a list of texts.
    mutating func texts(_ node: YAMLNode, what: String) -> [Located<String>] {
        if node.scalarValue != nil, !node.isNull { return text(node, what: what).map { [$0] } ?? [] }
        return (sequence(node, what: what) ?? []).compactMap { text($0, what: "each item of \(what)") }
    }

    /// A boolean: `true`/`false`; YAML 1.1 words are accepted with a warning.
    mutating func bool(_ node: YAMLNode, what: String) -> Bool? {
        guard let value = node.scalarValue, node.scalarStyle == .plain else {
            diagnostics.append(Diagnostic(.invalidBoolean, "\(what) must be `true` or `false`", at: node.range))
            return nil
        }
        switch value {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        case "yes", "Yes", "YES", "on", "On", "ON", "y", "Y":
            diagnostics.append(
                Diagnostic(
                    .yamlBooleanWord,
                    "`\(value)` read as true; YAML 1.2 tools read it as text",
                    at: node.range,
                    suggestion: "write `true`"
                )
            )
            return true
        case "no", "No", "NO", "off", "Off", "OFF", "n", "N":
            diagnostics.append(
                Diagnostic(
                    .yamlBooleanWord,
                    "`\(value)` read as false; YAML 1.2 tools read it as text",
                    at: node.range,
                    suggestion: "write `false`"
                )
            )
            return false
        default:
            diagnostics.append(
                Diagnostic(.invalidBoolean, "\(what) must be `true` or `false`, not `\(value)`", at: node.range)
            )
            return nil
        }
    }

    /// A name: an identifier (`inbound_contexts`), or a slug (`card-to-ringing-member`) for rule ids.
    mutating func name(_ node: YAMLNode, what: String, slug: Bool = false) -> Located<String>? {
        guard let name = text(node, what: what) else { return nil }
        let valid = slug ? Self.isSlug(name.value) : Self.isIdentifier(name.value)
        if !valid {
            let rule =
                slug
                ? "lower-case letters, digits and `-`, starting with a letter"
                : "letters, digits and `_`, not starting with a digit"
            diagnostics.append(
                Diagnostic(.invalidID, "`\(name.value)` is not a valid \(what): use \(rule)", at: name.range)
            )
        }
        return name
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    static func isSlug(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
