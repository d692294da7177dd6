extension DiagnosticCode {
    public static let unknownKey = DiagnosticCode(
        "E201",
        "unknown-key",
        .error,
        summary: "a key that this place of a rule file does not have",
        explanation: """
            Rule files are strict: a misspelt key (`whn:` for `when:`) would otherwise be ignored and the rule
            would do something else than it says. The message lists the keys allowed here and the closest one.
            """
    )
    public static let wrongNodeKind = DiagnosticCode(
        "E202",
        "wrong-kind-of-value",
        .error,
        summary: "a list, a mapping or text where another kind is expected",
        explanation: """
            Each key expects one kind of value: `on:` text or a list of text, `match:` a mapping, `do:` a list of
            actions, `tags:` a list. Check the indentation: a missing `- ` turns a list into a mapping.
            """
    )
    public static let missingKey = DiagnosticCode(
        "E203",
        "missing-key",
        .error,
        summary: "a required key is missing",
        explanation: "Every file needs `version: 1`; every rule needs `id`, `on` and `do`."
    )
    public static let unsupportedVersion = DiagnosticCode(
        "E204",
        "unsupported-version",
        .error,
        summary: "the file's `version` is not one this engine reads",
        explanation: "This engine reads rule files of `version: 1`."
    )
    public static let duplicateID = DiagnosticCode(
        "E205",
        "duplicate-id",
        .error,
        summary: "two rules (or two lists, maps or macros) have the same name",
        explanation: """
            Rule ids name rules in logs, traces, tests and reloads, so they are unique across every file of the
            rules folder; so are the names of lists, maps and macros. Rename one of them.
            """
    )
    public static let unknownEvent = DiagnosticCode(
        "E206",
        "unknown-event",
        .error,
        summary: "`on:` names an event that does not exist",
        explanation: """
            `on:` takes AMI event names exactly as Asterisk sends them (`AgentConnect`, `Newexten`, `DialEnd`) or
            engine events (`call.started`, `call.ringing`, `call.ring_stopped`, `call.answered`, `call.transferred`,
            `call.queue_joined`, `call.queue_left`, `call.ended`). Names are case-sensitive.
            """
    )
    public static let unknownEventField = DiagnosticCode(
        "E207",
        "unknown-event-field",
        .error,
        summary: "`match:` names a field the rule's events do not carry",
        explanation: """
            A `match:` key is a field of the event named in `on:`; when `on:` lists several events, every one of
            them must carry the field. A field no event carries would make the rule never fire.
            """
    )
    public static let unknownAction = DiagnosticCode(
        "E208",
        "unknown-action",
        .error,
        summary: "`do:` names an action that does not exist",
        explanation: """
            Actions: b24.register_call, b24.show_card, b24.hide_card, b24.finish_call, b24.attach_record,
            b24.search_crm, b24.create_lead, ami.originate, ami.redirect, ami.setvar, ami.hangup, call.set, log.
            """
    )
    public static let unknownArgument = DiagnosticCode(
        "E209",
        "unknown-argument",
        .error,
        summary: "an action argument that the action does not take",
        explanation: "Each action takes a fixed set of arguments; the message lists them and the closest one."
    )
    public static let missingArgument = DiagnosticCode(
        "E210",
        "missing-argument",
        .error,
        summary: "a required action argument is missing",
        explanation: "The message names the argument. Without it the Bitrix24 or AMI method cannot be called."
    )
    public static let argumentType = DiagnosticCode(
        "E211",
        "argument-type",
        .error,
        summary: "an action argument has the wrong type",
        explanation: """
            Arguments are typed: `users` is a list of user ids, `duration` an int, `show` a boolean. A `${…}` value
            has the type of its expression; text around `${…}` makes it text.
            """
    )
    public static let invalidID = DiagnosticCode(
        "E212",
        "invalid-id",
        .error,
        summary: "a rule id or name is not a slug",
        explanation: """
            Rule ids are slugs: lower-case letters, digits and `-`, starting with a letter (`card-to-ringing-member`).
            Names of lists, maps, macros and `as:` bindings are identifiers: letters, digits and `_`.
            """
    )
    public static let unknownReference = DiagnosticCode(
        "E213",
        "unknown-list-or-map",
        .error,
        summary: "a reference to a list or map that is not defined",
        explanation: """
            `match:` values written `$name` and the first argument of `lookup(map, key)` name a list or map
            defined under `lists:` or `maps:` in any file of the rules folder.
            """
    )
    public static let unknownMatchModifier = DiagnosticCode(
        "E214",
        "unknown-match-modifier",
        .error,
        summary: "a `match:` key has an unknown `|modifier`",
        explanation: "Modifiers: `|startswith`, `|endswith`, `|contains`, `|regex`, and `|not` to negate the match."
    )
    public static let emptyActions = DiagnosticCode(
        "E216",
        "empty-actions",
        .error,
        summary: "a rule with nothing in `do:`",
        explanation: "A rule that does nothing is a mistake; disable it with `enabled: false` instead."
    )
    public static let reservedBinding = DiagnosticCode(
        "E217",
        "reserved-binding",
        .error,
        summary: "`as:` reuses a name the call already has, or binds two different results",
        explanation: """
            `as: name` stores the action's result as `call.name`. It may not reuse a field of the call (`id`,
            `direction`, `caller`, …), and one name holds the result of one kind of action.
            """
    )
    public static let invalidBoolean = DiagnosticCode(
        "E218",
        "invalid-boolean",
        .error,
        summary: "`true` or `false` expected",
        explanation: "Write `true` or `false`."
    )
}
