extension DiagnosticCode {
    public static let invalidQueueSetting = DiagnosticCode(
        "E219",
        "invalid-queue-setting",
        .error,
        summary: "a setting of a queue under `queues:` has a value the engine cannot use",
        explanation: """
            `strategy` is one of fair, ringall, linear, random; `ring` (1–600 s), `max_wait` (1–86400 s) and
            `wrap_up` (0–3600 s) are seconds (`20`, `20s`, `2m`, `1m30s`); `overflow` names another engine queue
            (`{queue: support}`) or a dialplan place (`{context: voicemail, extension: s, priority: 1}`).
            """
    )
    public static let invalidQueueMember = DiagnosticCode(
        "E220",
        "invalid-queue-member",
        .error,
        summary: "a queue member (or an overflow place) that cannot be dialled safely",
        explanation: """
            Every queue has members; each member has `dial:` (e.g. `PJSIP/201`, `Local/201@agents`) or `extension:`
            (dialled as `PJSIP/<extension>`), optionally `device:` (the device whose state says the member is free)
            and `user:` (a Bitrix24 user id). These values go into the dialplan's `Dial()`, so `,` `&` `(` `)` `$`,
            spaces and line breaks are refused: they would add arguments or members to the dial.
            """
    )
    public static let unknownOverflowQueue = DiagnosticCode(
        "E221",
        "unknown-overflow-queue",
        .error,
        summary: "`overflow: {queue: …}` names a queue that no rule file defines",
        explanation: """
            A call that waited the maximum time in a queue moves to its overflow queue. That queue must be defined
            under `queues:` in some file of the rules folder; otherwise the call would have nowhere to go.
            """
    )
    public static let queueOverflowCycle = DiagnosticCode(
        "E222",
        "queue-overflow-cycle",
        .error,
        summary: "queues overflow into each other in a circle",
        explanation: """
            `sales` overflowing to `support` which overflows back to `sales` keeps a caller waiting for ever.
            End the chain in a dialplan place (voicemail, an IVR) or leave the last queue without `overflow:` (the
            dialplan continues after the AGI call).
            """
    )
    public static let ringLongerThanWait = DiagnosticCode(
        "W407",
        "ring-longer-than-wait",
        .warning,
        summary: "a queue's `ring` is longer than its `max_wait`",
        explanation: """
            An attempt never rings past the caller's maximum wait, so a `ring` longer than `max_wait` is cut to
            `max_wait` and only one member is ever offered. Shorten `ring` or lengthen `max_wait`.
            """
    )
}
