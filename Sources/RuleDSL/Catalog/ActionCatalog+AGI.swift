/// The actions that answer the dialplan's FastAGI requests (`on: agi.request`, or a `call.result` while the request
/// waits). Without `session`, they answer every request of the call still waiting.
extension ActionCatalog {
    static let agiActions: [ActionSchema] = [
        ActionSchema(
            .agiSetVariable,
            performs: "SET VARIABLE",
            doc:
                "Set a channel variable for the waiting dialplan (sent when the answer is complete: agi.done, or "
                + "nothing left to wait for; nothing is set when the deadline passes first).",
            arguments: [
                Argument("name", .string, required: true, doc: "NAME, _NAME, __NAME (inherited) or FUNC(args)"),
                Argument("value", .string, required: true),
                Argument("session", .string, doc: "event.session of the agi.request; default: the call's requests"),
            ]
        ),
        ActionSchema(
            .agiDone,
            performs: "(end of the AGI answer)",
            doc: "The answer is complete: send the variables set so far and let the dialplan go on.",
            arguments: [
                Argument("session", .string, doc: "event.session of the agi.request; default: the call's requests")
            ]
        ),
    ]
}
