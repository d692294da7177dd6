/// A rules folder compiled for evaluation: immutable and `Sendable`, swapped atomically on reload.
/// Every expression and template in it was parsed and type-checked once, at load.
public struct CompiledRuleSet: Sendable {
    /// The rules in run order (file-name order, then file order), disabled ones left out.
    public let rules: [CompiledRule]
    /// For each event name, the indexes into `rules` of the rules reacting to it, in run order.
    public let rulesByEvent: [String: [Int]]
    /// The named lists (`lists:`), also read by the engine (see ``EngineLists``).
    public let lists: [String: [String]]
    /// The named maps (`maps:`).
    public let maps: [String: [String: Value]]
    /// The engine queues (`queues:`), by name.
    public let queues: [String: QueueSpec]

    /// Creates a rule set.
    public init(
        rules: [CompiledRule],
        lists: [String: [String]],
        maps: [String: [String: Value]],
        queues: [String: QueueSpec] = [:]
    ) {
        self.rules = rules
        var index: [String: [Int]] = [:]
        for (position, rule) in rules.enumerated() {
            for event in rule.events { index[event, default: []].append(position) }
        }
        self.rulesByEvent = index
        self.lists = lists
        self.maps = maps
        self.queues = queues
    }

    /// The rules reacting to `event`, in run order.
    public func rules(for event: String) -> [CompiledRule] {
        (rulesByEvent[event] ?? []).map { rules[$0] }
    }
}
