/// The values expressions read besides `event`: the call (`call.*`) and the configuration
/// (`config.*`). Results bound with `as: name` join the call as `call.<name>`.
public enum ContextCatalog {
    /// The call as the call model keeps it.
    public static let call = CatalogObject(
        name: "call",
        fields: [
            FieldSchema("id", .string, doc: "the Linkedid"),
            FieldSchema(
                "direction",
                .enumeration(["inbound", "outbound", "internal", "click_to_call", "callback"]),
                doc: "click_to_call and callback: calls the engine started for Bitrix24"
            ),
            FieldSchema("caller", .string, optional: true, doc: "normalised caller number; absent when withheld"),
            FieldSchema("callee", .string, optional: true, doc: "the dialled number of an outbound call"),
            FieldSchema("did", .string, optional: true, doc: "the line (DID) the call came in on"),
            FieldSchema("queue", .string, optional: true, doc: "the queue the caller is in now"),
            FieldSchema("answered", .bool),
            FieldSchema("answered_by", .string, optional: true, doc: "extension of the phone that answered last"),
            FieldSchema("shown", .list(.int), doc: "users whose card is shown now"),
            FieldSchema("started_at", .string, doc: "ISO-8601 with offset"),
            FieldSchema("talk_seconds", .int),
            FieldSchema("recording", .string, optional: true, doc: "the MixMonitor file"),
            FieldSchema(
                "dial_status",
                .string,
                optional: true,
                doc: "DialStatus of the call's last Dial: ANSWER, BUSY, NOANSWER, CANCEL, CHANUNAVAIL, CONGESTION"
            ),
            FieldSchema("vars", .map(.any), doc: "values stored with call.set"),
            FieldSchema(
                "b24_call_id",
                .string,
                optional: true,
                doc: "the CALL_ID Bitrix24 gave the call it asked for (click_to_call): finish this one"
            ),
            FieldSchema("b24_user", .int, optional: true, doc: "the Bitrix24 user who asked for the call"),
        ]
    )

    /// Names of the call's own fields: `as:` may not reuse them.
    public static let reservedCallFields: Set<String> = Set(call.fields.map(\.name))

    /// The configuration keys expressions may read (a provisional schema; secrets are never readable).
    public static let config = CatalogObject(
        name: "config",
        fields: [
            FieldSchema(
                "pbx",
                .object(
                    CatalogObject(
                        name: "config.pbx",
                        fields: [
                            FieldSchema("id", .string, doc: "prefixes EXTERNAL_CALL_ID so several PBXs never collide")
                        ]
                    )
                )
            ),
            FieldSchema(
                "bitrix24",
                .object(
                    CatalogObject(
                        name: "config.bitrix24",
                        fields: [
                            FieldSchema("default_user", .int, doc: "the user of calls nobody answered"),
                            FieldSchema("country", .string, doc: "ISO country for phone normalisation, e.g. RU"),
                            FieldSchema(
                                "anonymous_number",
                                .string,
                                doc: "placeholder registered for withheld numbers"
                            ),
                            FieldSchema(
                                "lead_creation",
                                .enumeration(["portal", "engine"]),
                                optional: true,
                                doc:
                                    "who creates unknown callers' leads now: engine (search → lead → register) "
                                    + "for lead_creation engine, or auto once the portal reported LEAD_CREATION_ERROR"
                            ),
                        ]
                    )
                )
            ),
            FieldSchema(
                "recordings",
                .object(
                    CatalogObject(
                        name: "config.recordings",
                        fields: [
                            FieldSchema(
                                "enabled",
                                .bool,
                                doc: "engine.yaml has a `recordings:` section that is not disabled"
                            )
                        ]
                    )
                )
            ),
            FieldSchema(
                "click_to_call",
                .object(
                    CatalogObject(
                        name: "config.click_to_call",
                        fields: [
                            FieldSchema(
                                "channel",
                                .string,
                                doc: "the operator's phone, {ext} standing for the extension: Local/{ext}@from-internal"
                            ),
                            FieldSchema(
                                "context",
                                .string,
                                doc: "the dialplan context the client's number is dialled in"
                            ),
                            FieldSchema("ring_seconds", .int, doc: "how long the operator's phone rings"),
                        ]
                    )
                )
            ),
        ]
    )
}
