extension DiagnosticCode {
    /// libyaml could not parse the file.
    public static let yamlSyntax = DiagnosticCode(
        "E100",
        "yaml-syntax",
        .error,
        summary: "the file is not valid YAML",
        explanation: """
            libyaml stopped at the reported position. The message is libyaml's own ("did not find expected
            key", "mapping values are not allowed here", …); the usual causes are wrong indentation, an
            unclosed quote or bracket, or a value that needs quoting. Nothing of the file is loaded.
            """
    )

    /// A key appears twice in one mapping.
    public static let duplicateKey = DiagnosticCode(
        "E102",
        "duplicate-key",
        .error,
        summary: "a mapping has the same key twice",
        explanation: """
            YAML parsers disagree on duplicate keys: most silently keep the last one, so half of what you wrote
            is thrown away without a word. Switchboard refuses them. Merge the two entries, or rename one.

                when: has(call.crm)
                when: call.direction == "inbound"     # E102: the first `when` would be lost
            """
    )

    /// A value is a YAML tag (`!something`), which is never meaningful in rule files.
    public static let yamlTag = DiagnosticCode(
        "E103",
        "yaml-tag-on-scalar",
        .error,
        summary: "a value starts with `!`, which YAML reads as a tag",
        explanation: """
            In YAML a leading `!` introduces a tag, not text: `when: !crm.found` is an empty value tagged
            `!crm.found`, so the condition silently disappears, and `when: !a && b` is a syntax error.
            Rule files use no tags. Quote the expression, or use a folded block scalar:

                when: "!crm.found"
                when: >-
                  !crm.found && call.direction == "inbound"
            """
    )

    /// A tab is used for indentation.
    public static let tabIndentation = DiagnosticCode(
        "E104",
        "tab-indentation",
        .error,
        summary: "a tab is used for indentation",
        explanation: """
            YAML indentation must be made of spaces; a tab where indentation is expected is a syntax error
            (libyaml says "found character that cannot start any token"). Configure your editor to insert
            spaces for YAML files, or replace the tabs: `expand -t 2 file.yaml`.
            """
    )

    /// Anchors and aliases are refused.
    public static let anchorOrAlias = DiagnosticCode(
        "E105",
        "anchor-or-alias",
        .error,
        summary: "anchors (`&name`) and aliases (`*name`) are not allowed",
        explanation: """
            Anchors and aliases let one node stand in many places; nested, they expand exponentially (the
            "billion laughs" alias bomb). Rule files have `macros:` and `lists:` for reuse, which lint can
            check, so anchors and aliases are refused outright and nothing is expanded. A value that really
            starts with `&` or `*` must be quoted: `pattern: "*"`.
            """
    )

    /// The document nests deeper than allowed.
    public static let nestingTooDeep = DiagnosticCode(
        "E106",
        "nesting-too-deep",
        .error,
        summary: "the document nests deeper than the loader allows",
        explanation: """
            Mappings and sequences nested more than 64 levels deep are refused (the rest of that branch is
            skipped), so that a hostile file cannot exhaust the stack. Real rule files nest fewer than ten.
            """
    )

    /// A plain scalar was cut short at `: `.
    public static let scalarCutAtColon = DiagnosticCode(
        "E107",
        "scalar-cut-at-colon",
        .error,
        summary: "an unquoted value contains `: `, which YAML reads as a new key",
        explanation: """
            In an unquoted (plain) value, a colon followed by a space ends the value and starts a mapping, so
            `when: a ? b : c` or `message: caller: unknown` are syntax errors (or, inside `{ }`, silently
            become something else). Quote the value, or use a block scalar:

                user: "${has(call.answered_by) ? user_of(call.answered_by) : config.bitrix24.default_user}"
                user: >-
                  ${has(call.answered_by) ? user_of(call.answered_by) : config.bitrix24.default_user}
            """
    )

    /// A plain scalar was cut short at ` #`.
    public static let scalarCutAtComment = DiagnosticCode(
        "W108",
        "scalar-cut-at-comment",
        .warning,
        summary: "an unquoted value is followed by ` #…`, which YAML reads as a comment",
        explanation: """
            In an unquoted value, ` #` starts a comment: `message: call from line #2` is the value
            `call from line`. When the `#` is meant as text, quote the value. A real comment is normally
            written `# text` (a space after the hash), which this check does not flag.
            """
    )

    /// A `{` or `}` inside a flow mapping broke the mapping.
    public static let braceInFlowMapping = DiagnosticCode(
        "E109",
        "brace-in-flow-mapping",
        .error,
        summary: "a `${…}` or brace inside `{ }` or `[ ]` ends the flow collection",
        explanation: """
            Inside a flow mapping `{ … }` or flow sequence `[ … ]`, braces, brackets and commas are structure,
            so `{call: ${call.b24.call_id}}` does not hold the text `${call.b24.call_id}`: the `{` opens a
            nested mapping. Quote the value, or write the mapping in block style:

                - b24.show_card: {call: "${call.b24.call_id}", users: ["${user_of(event.member)}"]}
            """
    )

    /// A plain value starts with a YAML indicator character.
    public static let indicatorAtStart = DiagnosticCode(
        "E110",
        "value-starts-with-indicator",
        .error,
        summary: "an unquoted value starts with a character YAML reserves",
        explanation: """
            A plain value cannot start with `&` (anchor), `*` (alias), `|` or `>` (block scalar) when more
            text follows on the line, `%`, `@` or a backquote. Quote the value:

                when: "&& is not an expression start"
                match: {Channel|regex: "^PJSIP/.*"}
            """
    )

    /// More than one YAML document in a file.
    public static let multipleDocuments = DiagnosticCode(
        "E111",
        "multiple-documents",
        .error,
        summary: "the file holds more than one YAML document",
        explanation: """
            A `---` line after content starts a second document. A rules file holds exactly one; split the
            documents into separate files of the rules folder.
            """
    )

    /// A bare `yes`/`no`/`on`/`off` that YAML 1.1 tools read as a boolean.
    public static let yamlBooleanWord = DiagnosticCode(
        "W112",
        "yaml-1.1-boolean",
        .warning,
        summary: "`yes`, `no`, `on` or `off` used where a boolean is expected",
        explanation: """
            YAML 1.1 reads `yes/no/on/off` as booleans, YAML 1.2 as strings (the "Norway problem"): other
            tools reading the same file disagree. Write `true` or `false`.
            """
    )
}
