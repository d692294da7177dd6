/// The engine events the call model derives from AMI (their payloads are the call-model issue's).
extension EventCatalog {
    /// A phone of the call: the queue member or dialled device.
    public static let member = CatalogObject(
        name: "member",
        fields: [
            FieldSchema("interface", .string, doc: "e.g. PJSIP/201 or Local/201@agents"),
            FieldSchema("extension", .string, doc: "the extension, e.g. 201"),
            FieldSchema("channel", .string, doc: "the ringing channel's name"),
            FieldSchema("uniqueid", .string, doc: "the ringing channel's Uniqueid"),
        ]
    )

    /// Why a phone stopped ringing.
    public static let ringStopReasons = [
        "answered", "no_answer", "answered_elsewhere", "caller_gone", "queue_timeout", "busy", "unavailable",
        "transferred", "redirected", "lost",
    ]

    static let engineEvents: [EventSchema] = [
        EventSchema(
            "call.started",
            .engine,
            doc: "The call has a direction and a caller id (once per call).",
            fields: [
                FieldSchema(
                    "direction",
                    .enumeration(["inbound", "outbound", "internal", "click_to_call", "callback"])
                ),
                FieldSchema("caller", .string, optional: true, doc: "absent for withheld numbers"),
            ]
        ),
        EventSchema(
            "call.ringing",
            .engine,
            doc: "A phone of the call started ringing (queue, ring group, direct dial).",
            fields: [
                FieldSchema("member", .object(member)),
                FieldSchema("queue", .string, optional: true),
            ]
        ),
        EventSchema(
            "call.ring_stopped",
            .engine,
            doc: "A phone stopped ringing, with the reason.",
            fields: [
                FieldSchema("member", .object(member)),
                FieldSchema("reason", .enumeration(ringStopReasons)),
                FieldSchema("queue", .string, optional: true),
            ]
        ),
        EventSchema(
            "call.answered",
            .engine,
            doc: "A phone answered the call.",
            fields: [
                FieldSchema("member", .object(member)),
                FieldSchema("queue", .string, optional: true),
            ]
        ),
        EventSchema(
            "call.transferred",
            .engine,
            doc: "The call was transferred (blind, attended or redirect).",
            fields: [
                FieldSchema("kind", .enumeration(["blind", "attended", "redirect"])),
                FieldSchema("from", .object(member), optional: true),
                FieldSchema("to", .object(member), optional: true),
                FieldSchema("target", .string, optional: true, doc: "the dialled target, e.g. 203"),
            ]
        ),
        EventSchema(
            "call.queue_joined",
            .engine,
            doc: "The caller joined a queue.",
            fields: [
                FieldSchema("queue", .string),
                FieldSchema("position", .int),
            ]
        ),
        EventSchema(
            "call.queue_left",
            .engine,
            doc: "The caller left a queue.",
            fields: [
                FieldSchema("queue", .string),
                FieldSchema("reason", .enumeration(["answered", "abandoned", "timeout", "overflow", "transferred"])),
            ]
        ),
        EventSchema(
            "call.ended",
            .engine,
            doc: "The last leg of the call hung up.",
            fields: [
                FieldSchema(
                    "cause",
                    .string,
                    doc:
                        "the Q.850 hangup cause of the caller's leg, e.g. \"16\"; lost (gone after a link gap), "
                        + "merged, not_dialled or originate_failed (a call the engine started never rang)"
                ),
                FieldSchema("answered", .bool),
                FieldSchema("talk_seconds", .int, doc: "bridged time from the first answer to the end"),
            ]
        ),
        EventSchema(
            "call.recorded",
            .engine,
            doc: "After call.ended, once per MixMonitor recording of the call, in the order they started.",
            fields: [
                FieldSchema(
                    "file",
                    .string,
                    optional: true,
                    doc: "the file as Asterisk reported it (MIXMONITOR_FILENAME); absent when VarSet is filtered out"
                ),
                FieldSchema("uniqueid", .string, doc: "the recorded channel's Uniqueid, e.g. for \"${UNIQUEID}.wav\""),
                FieldSchema("channel", .string, doc: "the recorded channel's name"),
                FieldSchema("index", .int, doc: "1 for the call's first recording, 2 for the next, …"),
                FieldSchema("count", .int, doc: "how many recordings the call has"),
                FieldSchema("queue", .string, optional: true, doc: "the last queue the caller joined"),
            ]
        ),
        EventSchema(
            "call.result",
            .engine,
            doc: "The result of an `as:` action arrived (or the action was given up).",
            fields: [
                FieldSchema("name", .string, doc: "the `as:` name, e.g. b24; the result itself is call.<name>"),
                FieldSchema("action", .string, doc: "the action, e.g. b24.register_call"),
                FieldSchema("ok", .bool, doc: "false when the action failed for good"),
                FieldSchema("error", .string, optional: true, doc: "why it failed"),
            ]
        ),
    ]
}
