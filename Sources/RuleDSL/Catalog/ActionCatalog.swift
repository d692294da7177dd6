/// The registry of actions (`do:`), with typed arguments and results. Lint, the JSON Schema
/// generator and the executor read this one registry; later issues add actions here.
public enum ActionCatalog {
    public typealias Argument = ActionSchema.Argument

    /// Every action.
    public static let all: [ActionSchema] = bitrix24Actions + amiActions + localActions + agiActions

    private static let byName: [String: ActionSchema] = Dictionary(
        all.map { ($0.name, $0) },
        uniquingKeysWith: { first, _ in first }
    )

    /// The action named exactly `name`.
    public static func action(named name: String) -> ActionSchema? { byName[name] }

    /// The action that performs the Bitrix24 REST or AMI `method` (case-insensitive), if any.
    public static func action(performing method: String) -> ActionSchema? { byMethod[method.lowercased()] }

    private static let byMethod: [String: ActionSchema] = Dictionary(
        all.map { ($0.performs.lowercased(), $0) },
        uniquingKeysWith: { first, _ in first }
    )

    /// The description of `kind`.
    public static func schema(of kind: ActionKind) -> ActionSchema {
        // Every kind has exactly one schema (a test checks it), so the lookup cannot fail.
        byKind[kind] ?? ActionSchema(kind, performs: kind.rawValue, doc: "", arguments: [])
    }

    private static let byKind: [ActionKind: ActionSchema] = Dictionary(
        all.map { ($0.kind, $0) },
        uniquingKeysWith: { first, _ in first }
    )

    /// Every action name, for "did you mean" suggestions.
    public static var names: [String] { all.map(\.name) }

    static let userIDs = SchemaType.list(.int)

    static let bitrix24Actions: [ActionSchema] = [
        ActionSchema(
            .registerCall,
            performs: "telephony.externalCall.register",
            doc: "Register the call in Bitrix24 (once per call: EXTERNAL_CALL_ID makes retries idempotent).",
            arguments: [
                Argument(
                    "type",
                    .enumeration(["outgoing", "incoming", "incoming_redirect", "callback", "information"]),
                    required: true
                ),
                Argument("phone", .string, required: true, doc: "the client's number (normalised)"),
                Argument("user", .int, required: true, doc: "the Bitrix24 user the call belongs to"),
                Argument("external_call_id", .string, required: true, doc: "unique per call, e.g. <pbx.id>:<Linkedid>"),
                Argument("line", .string, doc: "the external line number (DID)"),
                Argument("start_date", .string, doc: "ISO-8601 with offset; default: the call's start"),
                Argument("crm_create", .bool, doc: "create a lead for unknown numbers"),
                Argument("crm_source", .string),
                Argument("crm_entity_type", .enumeration(["CONTACT", "COMPANY", "LEAD"])),
                Argument("crm_entity_id", .int),
                Argument("show", .bool, doc: "show the card to `user` at once (default false: cards are explicit)"),
                Argument("call_list_id", .int),
            ],
            result: CatalogObject(
                name: "b24.register_call result",
                fields: [
                    FieldSchema("call_id", .string),
                    FieldSchema("crm_entity_type", .string, optional: true),
                    FieldSchema("crm_entity_id", .int, optional: true),
                    FieldSchema("crm_created_lead", .int, optional: true),
                    FieldSchema(
                        "lead_creation_error",
                        .string,
                        optional: true,
                        doc: "why Bitrix24 did not create the lead CRM_CREATE asked for"
                    ),
                ]
            )
        ),
        ActionSchema(
            .showCard,
            performs: "telephony.externalCall.show",
            doc: "Show the call's card to these users.",
            arguments: [Argument("call", .string, required: true), Argument("users", userIDs, required: true)],
            result: CatalogObject(name: "b24.show_card result", fields: [FieldSchema("delivered", .bool)])
        ),
        ActionSchema(
            .hideCard,
            performs: "telephony.externalCall.hide",
            doc: "Hide the call's card from these users.",
            arguments: [Argument("call", .string, required: true), Argument("users", userIDs, required: true)],
            result: CatalogObject(name: "b24.hide_card result", fields: [FieldSchema("delivered", .bool)])
        ),
        ActionSchema(
            .finishCall,
            performs: "telephony.externalCall.finish",
            doc: "Finish the call: who handled it, talk time, status. Hides the finisher's card only.",
            arguments: [
                Argument("call", .string, required: true), Argument("user", .int, required: true),
                Argument("duration", .int, required: true, doc: "talk seconds"),
                Argument("status", .string, doc: "STATUS_CODE: 200, 304, 603, 486, 503, …"),
                Argument("failed_reason", .string), Argument("cost", .double), Argument("cost_currency", .string),
                Argument("vote", .int), Argument("add_to_chat", .bool),
            ]
        ),
        ActionSchema(
            .attachRecord,
            performs: "telephony.externalCall.attachRecord",
            doc:
                "Attach a recording to the call, converted to mp3, once the call's finish is acknowledged. "
                + "The recordings attached to one call are joined into its one record.",
            arguments: [
                Argument("call", .string, required: true),
                Argument(
                    "file",
                    .string,
                    required: true,
                    doc:
                        "the wav: the path Asterisk reported, or a name in `recordings.dir` "
                        + "(e.g. `${event.uniqueid}.wav`)"
                ),
            ]
        ),
        ActionSchema(
            .searchCRM,
            performs: "telephony.externalCall.searchCrmEntities",
            doc:
                "Find the CRM entity of a phone number (contacts, then leads, then companies). In a rule on "
                + "agi.request it is looked up at once: ahead of the outbox, within the portal's rate limit, cached "
                + "per number for agi.lookup_cache_seconds.",
            arguments: [Argument("phone", .string, required: true)],
            result: CatalogObject(
                name: "b24.search_crm result",
                fields: [
                    FieldSchema("found", .bool),
                    FieldSchema("entity_type", .string, optional: true),
                    FieldSchema("entity_id", .int, optional: true),
                    FieldSchema("responsible", .int, optional: true, doc: "ASSIGNED_BY_ID of the entity"),
                    FieldSchema(
                        "responsible_extension",
                        .string,
                        optional: true,
                        doc: "the responsible user's extension (USER_PHONE_INNER), to route the call to them"
                    ),
                    FieldSchema(
                        "responsible_status",
                        .string,
                        optional: true,
                        doc: "their work-day status: OPENED, CLOSED, PAUSED, EXPIRED, UNAVAILABLE, NOT_INSTALLED"
                    ),
                    FieldSchema("name", .string, optional: true),
                ]
            )
        ),
        ActionSchema(
            .createLead,
            performs: "crm.lead.add",
            doc: "Create a lead (only after crm.duplicate.findbycomm finds none).",
            arguments: [
                Argument("phone", .string, required: true), Argument("title", .string, required: true),
                Argument("responsible", .int), Argument("source", .string),
            ],
            result: CatalogObject(
                name: "b24.create_lead result",
                fields: [
                    FieldSchema(
                        "lead_id",
                        .int,
                        optional: true,
                        doc: "the new lead, or the lead the duplicate check found (absent: the number is a contact's)"
                    ),
                    FieldSchema("existing", .bool, doc: "the number was already in the CRM: no lead was added"),
                ]
            )
        ),
        ActionSchema(
            .updateLead,
            performs: "crm.lead.update",
            doc: "Change a lead: its responsible user (ASSIGNED_BY_ID), e.g. to the operator who answered.",
            arguments: [
                Argument("lead", .int, required: true, doc: "the lead's id"),
                Argument("responsible", .int, required: true, doc: "the new ASSIGNED_BY_ID"),
            ]
        ),
    ]

    static let amiActions: [ActionSchema] = [
        ActionSchema(
            .originate,
            performs: "Originate",
            doc:
                "Originate a call (async): the first leg rings `channel`, "
                + "then the dialplan continues at context/exten.",
            arguments: [
                Argument("channel", .string, required: true), Argument("context", .string, required: true),
                Argument("exten", .string, required: true), Argument("priority", .int),
                Argument("caller_id", .string), Argument("timeout_seconds", .int),
                Argument("variables", .map(.string)),
            ],
            result: CatalogObject(name: "ami.originate result", fields: [FieldSchema("uniqueid", .string)])
        ),
        ActionSchema(
            .redirect,
            performs: "Redirect",
            doc: "Send a channel to another place in the dialplan.",
            arguments: [
                Argument("channel", .string, required: true), Argument("context", .string, required: true),
                Argument("exten", .string, required: true), Argument("priority", .int),
            ]
        ),
        ActionSchema(
            .setVariable,
            performs: "Setvar",
            doc: "Set a channel variable.",
            arguments: [
                Argument("channel", .string, required: true), Argument("variable", .string, required: true),
                Argument("value", .string, required: true),
            ]
        ),
        ActionSchema(
            .hangup,
            performs: "Hangup",
            doc: "Hang up a channel.",
            arguments: [Argument("channel", .string, required: true), Argument("cause", .int)]
        ),
    ]

    static let localActions: [ActionSchema] = [
        ActionSchema(
            .setCallValue,
            performs: "(call state)",
            doc: "Store a value in the call (`call.vars.<name>`), for later rules.",
            arguments: [Argument("name", .string, required: true), Argument("value", .any, required: true)]
        ),
        ActionSchema(
            .log,
            performs: "(log line)",
            doc: "Write a log line carrying the rule id and the Linkedid.",
            arguments: [
                Argument("message", .string, required: true),
                Argument("level", .enumeration(["debug", "info", "notice", "warning", "error"])),
            ]
        ),
    ]
}
