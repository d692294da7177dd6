/// What a pipeline step decided for one FastAGI input: the session's next step, and whether the step answered the
/// request (then the call it belongs to, for the answer's log line, written after the step, not in it).
struct AGITurn: Sendable {
    /// What the session needs next.
    var step: AGIStep
    /// The step answered the request (it was not ended, nor left without a channel).
    var answered = false
    /// The call the request belongs to, once known.
    var callID: String?
}
