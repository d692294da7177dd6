public import RuleDSL

/// One attempt of a queued call: whom the dialplan dials, for how long.
public struct QueueAttempt: Sendable, Hashable {
    /// The call (its id as the driver names it, e.g. the caller channel's Linkedid).
    public var callID: String
    /// The queue the call waits in.
    public var queue: String
    /// The members rung at once (one, except under `ringall`).
    public var members: [QueueMemberSpec]
    /// How long the attempt rings, in whole seconds (never past the caller's maximum wait).
    public var seconds: Int

    /// What `Dial()` takes: the members' dial strings joined by `&`.
    public var dialString: String { members.map(\.dial).joined(separator: "&") }
}
