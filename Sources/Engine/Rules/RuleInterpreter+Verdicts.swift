public import RuleDSL

extension RuleInterpreter {
    /// What the rules read for an event (its payload, the call's snapshot) in condition mode.
    public func context(event payload: Value, call: Value?) -> EvaluationContext {
        var variables: [String: Value] = ["event": payload, "config": config]
        if let call { variables["call"] = call }
        return EvaluationContext(variables: variables, functions: functions, mode: .condition)
    }

    /// Every rule of `generation` reacting to `entry`'s event (only `rule` when given), in run order, with whether it
    /// fired and the value of each of its conditions as it read them — the call as changed by earlier rules of the
    /// same event included. `engine test`, `engine explain` and the admin console's traces all explain with this.
    public func verdicts(
        for entry: TimelineEntry,
        in generation: RuleGeneration,
        only rule: String? = nil
    )
        -> [RuleVerdict]
    {
        var verdicts: [RuleVerdict] = []
        var call = entry.call
        var changes = entry.callChanges[...]
        var reached = true
        for (position, candidate) in generation.ruleSet.rules(for: entry.name).enumerated() {
            while let change = changes.first, change.fromRule <= position {
                call = change.call
                changes.removeFirst()
            }
            let fired = reached && entry.firedRules.contains(candidate.id)
            if rule == nil || rule == candidate.id {
                let conditions = candidate.explain(in: context(event: entry.payload, call: call))
                verdicts.append(
                    RuleVerdict(
                        rule: candidate.id,
                        fired: fired,
                        reached: reached,
                        stops: candidate.stops,
                        conditions: conditions.map { RuleVerdict.Condition(text: $0.condition, outcome: $0.outcome) }
                    )
                )
            }
            if fired && candidate.stops { reached = false }
        }
        return verdicts
    }
}
