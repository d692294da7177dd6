/// A rule's `b24.attach_record`, as the executor hands it to the recordings: this file, for this call's record.
public struct RecordingRequest: Sendable, Equatable {
    /// The call (its Linkedid): the outbox's call key.
    public var callKey: String
    /// The recording as the rule named it: the path Asterisk reported, or a name in `recordings.dir`.
    public var file: String
    /// The rule, for the logs.
    public var rule: String
    /// The outbox step of the call's finish, once the executor queued it (the attach binds its `CALL_ID` to the
    /// finish's result, so it is sent only after the finish was acknowledged).
    public var finishStep: String?

    /// A request.
    public init(callKey: String, file: String, rule: String, finishStep: String? = nil) {
        self.callKey = callKey
        self.file = file
        self.rule = rule
        self.finishStep = finishStep
    }
}
