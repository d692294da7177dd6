/// A set of AMI permission classes: a manager.conf `read =` / `write =` value, an event's `Privilege:` header, or
/// what an action needs (manager.c `get_perm()`, `perms[]`).
public struct AMIClassSet: Sendable, Hashable, CustomStringConvertible {
    /// Every class label Asterisk 16–22 knows, in manager.c's order.
    public static let labels = [
        "system", "call", "log", "verbose", "command", "agent", "user", "config", "dtmf", "reporting", "cdr",
        "dialplan", "originate", "agi", "cc", "aoc", "test", "security", "message",
    ]

    /// The classes in the set (lower-case labels).
    public private(set) var classes: Set<String>

    /// A set of classes; `all` stands for every class, `none` for no class.
    public init(_ classes: some Sequence<String>) {
        var set = Set<String>()
        for label in classes.map({ $0.lowercased() }) {
            if label == "all" { set.formUnion(Self.labels) } else if label != "none" { set.insert(label) }
        }
        self.classes = set
    }

    /// Every class (`all`).
    public static let all = AMIClassSet(labels)
    /// No class (`none`, or the key left out).
    public static let none = AMIClassSet([String]())

    /// A manager.conf value such as `call,agent` or `all`, read the way Asterisk reads it: comma-separated
    /// labels compared exactly (ignoring case), so a label with a space around it (`call, agent`) counts for
    /// nothing; such labels and unknown ones come back in `ignored`.
    public static func parse(_ value: String) -> (classes: AMIClassSet, ignored: [String]) {
        var accepted: [String] = []
        var ignored: [String] = []
        for piece in value.split(separator: ",", omittingEmptySubsequences: true).map(String.init) {
            let label = piece.lowercased()
            if label == "all" || label == "none" || labels.contains(label) {
                accepted.append(label)
            } else {
                ignored.append(piece)
            }
        }
        return (AMIClassSet(accepted), ignored)
    }

    /// The class labels of an event's `Privilege:` header (`call,all` → `call`).
    public static func privilege(of message: AMIMessage) -> AMIClassSet? {
        guard let value = message["Privilege"] else { return nil }
        let labels = value.split(separator: ",").map { $0.trimmingSpaces.lowercased() }.filter { $0 != "all" }
        return AMIClassSet(labels)
    }

    /// Whether `label` is in the set.
    public func contains(_ label: String) -> Bool { classes.contains(label.lowercased()) }

    /// Whether every class of `other` is in the set (how Asterisk decides whether a session may read an event).
    public func isSuperset(of other: AMIClassSet) -> Bool { classes.isSuperset(of: other.classes) }

    /// Whether the set holds at least one of `labels` (how Asterisk checks an action's write permission).
    public func containsAny(of labels: some Sequence<String>) -> Bool {
        labels.contains { contains($0) }
    }

    /// The set with `other`'s classes added.
    public func union(_ other: AMIClassSet) -> AMIClassSet { AMIClassSet(classes.union(other.classes)) }

    /// The classes of `other` missing from this set.
    public func missing(from other: AMIClassSet) -> [String] { other.ordered.filter { !classes.contains($0) } }

    /// The labels in manager.c's order.
    public var ordered: [String] { Self.labels.filter { classes.contains($0) } }

    /// `call,agent`, `all` or `none`.
    public var description: String {
        if classes.isEmpty { return "none" }
        if classes.isSuperset(of: Self.labels) { return "all" }
        return ordered.joined(separator: ",")
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
