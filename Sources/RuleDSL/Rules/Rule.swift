/// One rule: when it fires (`on:`, `match:`, `when:`) and what it does (`do:`).
public struct Rule: Sendable, Hashable {
    /// The unique slug.
    public var id: Located<String>
    public var description: String?
    public var isEnabled: Bool = true
    public var tags: [String] = []
    /// The events it reacts to (`on:`).
    public var events: [Located<String>] = []
    /// Field conditions (`match:`), all of which must hold.
    public var match: [MatchCondition] = []
    /// The condition (`when:`).
    public var when: ExpressionText?
    /// The ordered actions (`do:`).
    public var actions: [ActionInvocation] = []
    /// `stop: true`: later rules do not see the event.
    public var stops: Bool = false
    /// The whole rule's range.
    public var range: SourceRange

    /// Creates a rule with the given id and range.
    public init(id: Located<String>, range: SourceRange) {
        self.id = id
        self.range = range
    }
}

/// One `match:` entry: `Field|modifier: value`, a list of values (any matches), or `$list`.
public struct MatchCondition: Sendable, Hashable {
    /// How a value is compared.
    public enum Modifier: String, Sendable, Hashable, CaseIterable {
        case equals, startswith, endswith, contains, regex
    }

    /// The event field (`Queue`, or `member.extension` for engine events).
    public var field: Located<String>
    public var modifier: Modifier
    /// `|not`: the condition holds when no value matches.
    public var isNegated: Bool
    /// The values, any of which may match.
    public var values: [Located<String>]
    /// `$name`: the values of a list.
    public var listReference: Located<String>?
}

/// One action of `do:`: its name, arguments and optional `as:` binding.
public struct ActionInvocation: Sendable, Hashable {
    public var name: Located<String>
    public var arguments: [ActionArgument]
    /// `as: name`: the result is stored as `call.name`.
    public var binding: Located<String>?
    public var range: SourceRange
}

/// One argument: its name and the YAML value (text, possibly with `${…}`, a list or a mapping).
public struct ActionArgument: Sendable, Hashable {
    public var name: Located<String>
    public var value: YAMLNode
}
