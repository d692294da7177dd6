/// The top-level sections of a rule file. Later issues add sections (e.g. `queues:`) here; lint and
/// the JSON Schema generator read this one list.
public enum FileSectionCatalog {
    /// A top-level key of a rule file.
    public struct Section: Sendable, Hashable {
        public var name: String
        public var doc: String
    }

    /// Every section, in the order they are documented.
    public static let all: [Section] = [
        Section(name: "version", doc: "The rule-file format version: 1."),
        Section(name: "lists", doc: "Named lists of text, for `in` and `match: {Field: $name}`."),
        Section(name: "maps", doc: "Named lookup tables, for `lookup(name, key)`."),
        Section(name: "macros", doc: "Named conditions, used by name in expressions."),
        Section(name: "rules", doc: "The rules, run in file-name order, then in file order."),
        Section(
            name: "queues",
            doc:
                "Engine queues: members, strategy, ring time, maximum wait, wrap-up and overflow."
        ),
    ]

    /// The section names.
    public static var names: [String] { all.map(\.name) }

    /// The keys a rule may have.
    public static let ruleKeys = ["id", "description", "enabled", "tags", "on", "match", "when", "do", "stop"]
}
