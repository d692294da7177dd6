/// The events Bitrix24 sends to the engine (`POST /bitrix24/events`): each starts a call the engine makes itself.
/// Their values are validated before rules see them: what is not what it should be is absent.
extension EventCatalog {
    /// The name of the click-to-call event (`ONEXTERNALCALLSTART`).
    public static let clickToCall = "click_to_call"
    /// The name of the callback event (`ONEXTERNALCALLBACKSTART`).
    public static let callbackRequested = "callback_requested"

    static let requestFields: [FieldSchema] = [
        FieldSchema(
            "phone",
            .string,
            optional: true,
            doc:
                "the number to dial: digits, an optional leading +, formatting removed; "
                + "absent when PHONE_NUMBER is not a dialable number"
        ),
        FieldSchema("crm_entity_type", .string, optional: true, doc: "CONTACT, COMPANY or LEAD"),
        FieldSchema("crm_entity_id", .int, optional: true),
        FieldSchema("line", .string, optional: true, doc: "the external line (LINE_NUMBER), when one was chosen"),
        FieldSchema(
            "stale",
            .bool,
            doc: "Bitrix24 sent it longer ago than bitrix24.events.max_age_seconds: do not dial"
        ),
        FieldSchema("age_seconds", .int, doc: "how long ago Bitrix24 sent it (its `ts`)"),
    ]

    static let bitrix24Events: [EventSchema] = [
        EventSchema(
            clickToCall,
            .engine,
            doc:
                "An operator clicked a number in Bitrix24 (ONEXTERNALCALLSTART); Bitrix24 already registered the "
                + "call. The engine has started a call of direction click_to_call for it; a rule dials it with "
                + "ami.originate, or it ends at once (call.ended, cause not_dialled).",
            fields: [
                FieldSchema("call_id", .string, doc: "the CALL_ID Bitrix24 registered (externalCall.…)"),
                FieldSchema("user", .int, doc: "the user who clicked (USER_ID)"),
            ] + requestFields + [
                FieldSchema("extension", .string, optional: true, doc: "the extension part of the number, digits"),
                FieldSchema("call_list_id", .int, optional: true, doc: "the call list it was started from"),
                FieldSchema("mobile", .bool, doc: "started from the mobile app"),
            ]
        ),
        EventSchema(
            callbackRequested,
            .engine,
            doc:
                "A visitor asked for a callback through a CRM form whose line is ours (ONEXTERNALCALLBACKSTART). "
                + "Nothing is registered yet (type callback). The engine has started a call of direction callback; "
                + "a rule dials it with ami.originate, or it ends at once (call.ended, cause not_dialled).",
            fields: requestFields
        ),
    ]
}
