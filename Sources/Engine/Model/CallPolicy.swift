public import RuleDSL

/// The call model's policy, read from the rules' `lists:` of one generation: which dialplan contexts are
/// inbound and which numbers are internal. A call's direction is decided once, by the policy in force then.
public struct CallPolicy: Sendable {
    /// The default `inbound_contexts`.
    public static let defaultInboundContexts = ["from-trunk", "from-pstn", "from-did-direct", "incoming"]
    /// The default `internal_number_patterns`: 2 to 5 digits.
    public static let defaultInternalNumberPatterns = ["^[0-9]{2,5}$"]

    /// Contexts where calls from the PSTN enter the PBX.
    public let inboundContexts: Set<String>
    /// Regular expressions (unanchored, RE2) of internal numbers.
    public let internalNumberPatterns: [String]
    private let patterns: [RegexPattern]

    /// Creates a policy; invalid patterns are skipped (`engine lint` reports them).
    public init(
        inboundContexts: [String] = defaultInboundContexts,
        internalNumberPatterns: [String] = defaultInternalNumberPatterns
    ) {
        self.inboundContexts = Set(inboundContexts)
        self.internalNumberPatterns = internalNumberPatterns
        self.patterns = internalNumberPatterns.compactMap { try? RegexPattern.compile($0).get() }
    }

    /// The policy of a rule set: its `inbound_contexts` and `internal_number_patterns` lists, defaults where absent.
    public init(ruleSet: CompiledRuleSet) {
        self.init(
            inboundContexts: ruleSet.lists["inbound_contexts"] ?? Self.defaultInboundContexts,
            internalNumberPatterns: ruleSet.lists["internal_number_patterns"] ?? Self.defaultInternalNumberPatterns
        )
    }

    /// Whether `number` is internal (an extension).
    public func isInternal(_ number: String) -> Bool {
        patterns.contains { $0.matches(number) }
    }

    /// Whether calls entering `context` are inbound.
    public func isInbound(context: String) -> Bool {
        inboundContexts.contains(context)
    }
}
