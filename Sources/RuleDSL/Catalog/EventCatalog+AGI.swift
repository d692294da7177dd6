/// The events of the FastAGI server: the dialplan asks the rules and waits (up to `agi.deadline_ms`).
extension EventCatalog {
    static let agiEvents: [EventSchema] = [
        EventSchema(
            "agi.request",
            .agi,
            doc:
                "The dialplan asks (AGI(agi://host/script?name=value)) and waits: answer with agi.set_variable and "
                + "agi.done; a b24.search_crm here is looked up at once (ahead of the outbox, cached per number).",
            fields: [
                FieldSchema("session", .string, doc: "the session, e.g. agi-17 (agi.set_variable's `session`)"),
                FieldSchema("script", .string, doc: "the script path, e.g. route for agi://127.0.0.1/route"),
                FieldSchema("args", .map(.string), doc: "the query parameters, e.g. {queue: sales} for ?queue=sales"),
                FieldSchema("argv", .list(.string), doc: "the AGI() arguments after the URL (agi_arg_1, …)"),
                FieldSchema("channel", .string, doc: "the asking channel, e.g. PJSIP/trunk-00000007"),
                FieldSchema("uniqueid", .string, doc: "its Uniqueid; the call is the one this channel belongs to"),
                FieldSchema("caller", .string, optional: true, doc: "the caller id number; absent when withheld"),
                FieldSchema("caller_name", .string, optional: true),
                FieldSchema("dnid", .string, optional: true, doc: "the dialled number, when known"),
                FieldSchema("context", .string, doc: "the dialplan context running AGI()"),
                FieldSchema("extension", .string, doc: "the extension running AGI()"),
                FieldSchema("env", .map(.string), doc: "every agi_* line without its prefix, e.g. env.language"),
            ]
        )
    ]
}
