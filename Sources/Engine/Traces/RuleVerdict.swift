/// One rule considered for one event: whether it fired and, condition by condition (each `match:` entry, each part
/// of `when:`), what each was — the answer to "why did (or didn't) this rule fire?".
public struct RuleVerdict: Sendable {
    /// One condition and what it was.
    public struct Condition: Sendable {
        /// `match queue: ["sales"]`, `when call.direction == "inbound"`.
        public var text: String
        /// `true`, `false` or `error: …`.
        public var outcome: String
        /// Whether it held.
        public var holds: Bool { outcome == "true" }
    }

    /// The rule's id.
    public var rule: String
    /// Whether it fired.
    public var fired: Bool
    /// False when an earlier rule with `stop: true` fired for the event, so this one was not considered.
    public var reached: Bool
    /// The rule has `stop: true`.
    public var stops: Bool
    /// Its conditions in order, evaluated against what the rule read.
    public var conditions: [Condition]

    /// The first condition that did not hold: why the rule did not fire.
    public var firstFailure: Condition? { conditions.first { !$0.holds } }
}
