extension DiagnosticCode {
    public static let unusedMacro = DiagnosticCode(
        "W401",
        "unused-macro",
        .warning,
        summary: "a macro no rule uses",
        explanation: "Remove it, or use it; an unused macro is often a misspelt one."
    )
    public static let unusedList = DiagnosticCode(
        "W402",
        "unused-list",
        .warning,
        summary: "a list no rule uses",
        explanation: """
            Remove it, or use it. Lists the engine itself reads (such as `inbound_contexts`) count as used.
            """
    )
    public static let unusedMap = DiagnosticCode(
        "W403",
        "unused-map",
        .warning,
        summary: "a map no rule uses",
        explanation: "Remove it, or use it with `lookup(map, key)`."
    )
    public static let shadowedRule = DiagnosticCode(
        "W404",
        "shadowed-rule",
        .warning,
        summary: "a rule that can never run: an earlier rule on the same event always stops",
        explanation: """
            Rules run in file-name order, then in file order. An earlier rule with `stop: true`, no `match:` and
            no `when:` on the same event stops every later rule on that event.
            """
    )
    public static let neverFires = DiagnosticCode(
        "W405",
        "rule-never-fires",
        .warning,
        summary: "a rule whose condition is always false",
        explanation: "`when: false`, or a `when:` that folds to false, means the rule never runs; use `enabled: false`."
    )
    public static let selfTriggeringRule = DiagnosticCode(
        "W406",
        "self-triggering-rule",
        .warning,
        summary: "a rule whose own action can trigger it again",
        explanation: """
            A rule on `call.result` whose action binds a result (`as:`) fires again when that result lands, unless
            its condition reads `event.name` (or `match:` names the result); an `ami.originate` on `call.started`
            or `Newchannel` with no condition starts a call that fires the rule again. Either storms the PBX or
            the portal. The daemon stops a storm (a budget of actions per call, a rate limit on AMI actions), but
            the rule is wrong: give it a condition that its own effect does not meet.

                on: call.result
                when: event.name == "crm" && !event.ok      # not: the `as: crm` of this rule's own retry
            """
    )
}
