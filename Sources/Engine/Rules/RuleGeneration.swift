public import RuleDSL

/// One loaded generation of the rules: the compiled set and its number. Every event is matched against one
/// generation only, even while a reload swaps in the next.
public struct RuleGeneration: Sendable {
    /// 1 for the first rules loaded, then one more per reload.
    public let number: Int
    /// The compiled rules.
    public let ruleSet: CompiledRuleSet
    /// The call model's policy from this generation's lists.
    public let policy: CallPolicy

    /// Creates a generation.
    public init(number: Int, ruleSet: CompiledRuleSet) {
        self.number = number
        self.ruleSet = ruleSet
        self.policy = CallPolicy(ruleSet: ruleSet)
    }

    /// A generation without rules (the engine's defaults only).
    public static let empty = RuleGeneration(number: 0, ruleSet: CompiledRuleSet(rules: [], lists: [:], maps: [:]))
}
