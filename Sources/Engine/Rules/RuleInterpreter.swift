public import RuleDSL

/// Matches an event against the rules of one generation, in order, and turns the `do:` lists of the rules
/// that fire into ``ActionIntent``s. `match:` and `when:` decide; a firing rule with `stop: true` ends the
/// matching for that event. Nothing is executed.
public struct RuleInterpreter: Sendable {
    /// What interpreting one event gave.
    public struct Outcome: Sendable {
        /// The intents, in rule order then `do:` order.
        public var intents: [ActionIntent] = []
        /// Actions whose arguments failed to evaluate.
        public var issues: [InterpretationIssue] = []
        /// The ids of the rules that fired.
        public var firedRules: [String] = []
        /// Where the actions of a rule changed the call for the rules after it.
        public var callChanges: [CallChange] = []
    }

    /// The call as the rules of an event read it from the `fromRule`-th rule considered on (0-based), after an
    /// action of an earlier rule changed it.
    public struct CallChange: Sendable {
        public var fromRule: Int
        public var call: Value
    }

    /// The configuration rules read as `config.*`.
    public var config: Value
    /// Run-time functions such as `user_of`.
    public var functions: FunctionBindings

    /// Creates an interpreter.
    public init(config: Value = .map([:]), functions: FunctionBindings = FunctionBindings()) {
        self.config = config
        self.functions = functions
    }

    /// Whether any rule of `generation` reacts to `event` (lets callers skip building values).
    public func hasRules(for event: String, in generation: RuleGeneration) -> Bool {
        generation.ruleSet.rulesByEvent[event] != nil
    }

    /// Interprets `event` (its name and payload) for the call `call` (its snapshot, or nil outside a call).
    /// `apply` is called with each intent as soon as it is made and returns the call's new snapshot when the intent
    /// changed it (an `as:` name bound as a deferred reference, a card shown, a `call.set`), so that later rules
    /// of the same event see the change.
    public func interpret(
        event name: String,
        payload: Value,
        call: Value?,
        callID: String?,
        generation: RuleGeneration,
        apply: (ActionIntent) -> Value? = { _ in nil }
    ) -> Outcome {
        var outcome = Outcome()
        let ruleSet = generation.ruleSet
        guard let reacting = ruleSet.rulesByEvent[name], !reacting.isEmpty else { return outcome }
        var context = self.context(event: payload, call: call)
        // Conditions are read in place; only a rule that fires is copied out.
        for (position, index) in reacting.enumerated() {
            context.mode = .condition
            guard ruleSet.rules[index].fires(in: context) else { continue }
            let rule = ruleSet.rules[index]
            outcome.firedRules.append(rule.id)
            for action in rule.actions {
                do throws(EvaluationError) {
                    let arguments = try action.evaluateArguments(context)
                    let intent = ActionIntent(
                        ruleID: rule.id,
                        kind: action.kind,
                        arguments: arguments,
                        binding: action.binding,
                        callID: callID,
                        trigger: name
                    )
                    outcome.intents.append(intent)
                    if let updated = apply(intent) {
                        context.variables["call"] = updated
                        outcome.callChanges.append(CallChange(fromRule: position + 1, call: updated))
                    }
                } catch {
                    outcome.issues.append(
                        InterpretationIssue(
                            ruleID: rule.id,
                            action: action.kind,
                            trigger: name,
                            callID: callID,
                            error: error
                        )
                    )
                }
            }
            if rule.stops { break }
        }
        return outcome
    }
}
