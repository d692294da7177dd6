extension DiagnosticCode {
    /// The text is not a valid expression or `${…}` template.
    public static let expressionSyntax = DiagnosticCode(
        "E301",
        "expression-syntax",
        .error,
        summary: "an expression or `${…}` template cannot be parsed",
        explanation: """
            Expressions use a small CEL-like language: literals, `== != < <= > >=`, `&& || !`, `in`, `? :`,
            `??`, `+ -`, member `a.b`, index `a[b]`, calls `f(x)` and `s.startsWith(x)`. The message says
            which token was expected; a note points at the bracket or quote that was left open.

                when: has(event.Queue && event.Queue == "sales"     # E301: expected `)` to close the call
                when: has(event.Queue) && event.Queue == "sales"
            """
    )

    /// A bare name is neither a variable nor a list, map or macro.
    public static let expressionUnknownName = DiagnosticCode(
        "E302",
        "unknown-identifier",
        .error,
        summary: "a name is not a variable, list, map or macro",
        explanation: """
            A bare name in an expression must be a root variable (`event`, `call`, `config`), or the name of a
            list, map or macro defined in the rules folder. Check the spelling; the message suggests the
            closest known name.

                when: caler_is_known          # E302: did you mean `caller_is_known`?
            """
    )

    /// A field is not declared by a closed schema.
    public static let expressionUnknownField = DiagnosticCode(
        "E303",
        "unknown-field",
        .error,
        summary: "a field does not exist on that object",
        explanation: """
            The fields of `event` (per event name), `call` and `config` are declared by schemas. A field the
            schema does not declare is always absent, so a condition reading it could never be true. Field
            names are case-sensitive, as AMI headers are.

                when: event.Queu == "sales"   # E303: did you mean `Queue`?
            """
    )

    /// No function of that name exists.
    public static let expressionUnknownFunction = DiagnosticCode(
        "E304",
        "unknown-function",
        .error,
        summary: "a function or method does not exist",
        explanation: """
            Available functions: `has size startsWith endsWith contains matches replace lower upper digits
            normalize_phone extension user_of extension_of lookup string int double`, and the comprehensions
            `list.exists(x, condition)` and `list.all(x, condition)`. Methods are called on their receiver
            (`event.Channel.startsWith("PJSIP/")`), helpers globally (`extension(event.Interface)`).
            """
    )

    /// A function got too many or too few arguments.
    public static let expressionArgumentCount = DiagnosticCode(
        "E305",
        "wrong-argument-count",
        .error,
        summary: "a function is called with the wrong number of arguments",
        explanation: """
            Each function takes a fixed number of arguments; the message lists the accepted forms.

                when: lookup(cause_status)    # E305: lookup(map, key) takes 2 arguments
            """
    )

    /// A function argument has the wrong type.
    public static let expressionArgumentType = DiagnosticCode(
        "E306",
        "wrong-argument-type",
        .error,
        summary: "a function argument has the wrong type",
        explanation: """
            The type checker knows the type of every field, list and function result; an argument of a type
            the function does not accept is reported at the argument. Convert explicitly with `string(x)` or
            `int(x)`.

                when: size(42) > 0            # E306: size() takes a string, list or map, not int
            """
    )

    /// An operator is applied to operands of the wrong types.
    public static let expressionOperatorType = DiagnosticCode(
        "E307",
        "operator-type-mismatch",
        .error,
        summary: "an operator is applied to values of types it does not accept",
        explanation: """
            `&& || !` need booleans, `< <= > >=` two numbers or two strings, `+` two numbers, two strings or two
            lists, `-` two numbers, `in` a list or map on its right. Strings are never converted implicitly:

                when: event.Count + 1 > 2     # E307 when Count is a string: write int(event.Count) + 1
            """
    )

    /// `has()` is not applied to a field selection.
    public static let expressionInvalidHas = DiagnosticCode(
        "E308",
        "invalid-has-argument",
        .error,
        summary: "`has()` must be applied to a field selection such as `event.Queue`",
        explanation: """
            `has(x.f)` tests whether the field `f` of `x` is present; it does not evaluate the field. Its
            argument must therefore be a field selection (or an index `m["key"]`), not a variable, literal or
            call.

                when: has(call)               # E308: write has(call.crm)
            """
    )

    /// A literal regular expression does not compile.
    public static let expressionInvalidRegex = DiagnosticCode(
        "E309",
        "invalid-regex",
        .error,
        summary: "a regular expression literal does not compile",
        explanation: """
            Patterns of `matches()` (and `|regex` matchers) are compiled once, when the rules are loaded, so a
            bad pattern is an error of the file rather than of every event. Remember that YAML and the
            expression string both process backslashes; raw strings `r"\\d+"` avoid one level.
            """
    )

    /// A macro is referenced whose own definition is broken.
    public static let expressionInvalidMacro = DiagnosticCode(
        "E310",
        "invalid-macro-reference",
        .error,
        summary: "a macro is used whose definition has errors or refers back to itself",
        explanation: """
            A macro is checked once, where it is defined; a reference to a macro that failed its own check
            (or that is part of a cycle of macros referring to each other) cannot be checked either. Fix the
            macro's definition, which is reported separately.
            """
    )

    /// The expression does not have the type its place requires.
    public static let expressionResultType = DiagnosticCode(
        "E311",
        "wrong-result-type",
        .error,
        summary: "an expression does not have the type its place requires",
        explanation: """
            A `when:` condition must be boolean and an action argument must have the argument's type.
            Compare explicitly instead of relying on truthiness:

                when: event.Queue             # E311: write event.Queue == "sales" or has(event.Queue)
            """
    )

    /// Member or index access on a value without fields or elements.
    public static let expressionNotIndexable = DiagnosticCode(
        "E312",
        "not-indexable",
        .error,
        summary: "a field or element is read from a value that has none",
        explanation: """
            Only objects and maps have fields and only lists and maps have elements; strings, numbers and
            booleans have neither.

                when: event.Queue.name == "x" # E312: Queue is a string
            """
    )

    /// An optional field is read without a guard.
    public static let expressionUnguardedOptional = DiagnosticCode(
        "W301",
        "unguarded-optional-field",
        .warning,
        summary: "a field that may be absent is read without `has()` or `??`",
        explanation: """
            AMI events carry variable header sets; a header the event schema marks optional may be absent, and
            reading an absent field is an evaluation error (not ""). In a condition the error is absorbed by
            `&&`/`||` where the other side decides, otherwise the rule does not fire. Make the intent explicit:

                when: has(event.MemberName) && event.MemberName == "Ivanov"
                user: ${event.MemberName ?? "unknown"}
            """
    )

    /// A regular expression pattern that is not a literal.
    public static let expressionDynamicRegex = DiagnosticCode(
        "E313",
        "dynamic-regex",
        .error,
        summary: "a regular expression pattern is computed; patterns must be literals",
        explanation: """
            `matches()` compiles its pattern once, when the rules are loaded, so a bad or oversized pattern is
            an error of the file. A pattern built from fields, lists or config would be compiled from data at
            every event: an invalid one would silently stop the rule from firing, and one built from what a
            caller typed would let the caller choose the pattern. Write the pattern as a literal, and compare
            computed text with `==`, `in`, `startsWith` or `contains`.

                when: event.Exten.matches(config.pbx.id)     # E313
                when: event.Exten.matches("^[0-9]{3}$")      # a literal: compiled once
            """
    )
}
