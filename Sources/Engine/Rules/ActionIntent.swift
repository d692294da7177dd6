public import RuleDSL

/// What a rule would do: one action of its `do:` list with its arguments evaluated. A pure value; executing
/// it is the executor's business. Deferred results (`${call.b24.call_id}` before the register answered)
/// travel as ``Value/deferred(_:)`` references.
public struct ActionIntent: Sendable, Hashable {
    /// The rule that produced it.
    public var ruleID: String
    /// The action, e.g. ``ActionKind/showCard``.
    public var kind: ActionKind
    /// The evaluated arguments (optional ones whose value was absent are left out).
    public var arguments: [String: Value]
    /// The `as:` name its result binds to in the call, if any.
    public var binding: String?
    /// The call (Linkedid) it concerns; nil for AMI events outside any call.
    public var callID: String?
    /// The event that triggered it (`call.ringing`, `AgentConnect`, …).
    public var trigger: String

    /// Creates an intent.
    public init(
        ruleID: String,
        kind: ActionKind,
        arguments: [String: Value],
        binding: String?,
        callID: String?,
        trigger: String
    ) {
        self.ruleID = ruleID
        self.kind = kind
        self.arguments = arguments
        self.binding = binding
        self.callID = callID
        self.trigger = trigger
    }
}

extension ActionIntent {
    /// The action's name in rules (`b24.show_card`), for logs and metrics.
    public var action: String { kind.rawValue }
}

/// An action whose arguments could not be evaluated: the rule fired but this action produced no intent.
public struct InterpretationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The rule that fired.
    public var ruleID: String
    /// The action that could not be evaluated.
    public var action: ActionKind
    /// The event it reacted to.
    public var trigger: String
    /// The call (Linkedid), if any.
    public var callID: String?
    /// Why: e.g. a required argument absent, or a deferred result used where its value is needed.
    public var error: EvaluationError

    public var description: String { "\(ruleID): \(action) on \(trigger): \(error)" }
}
