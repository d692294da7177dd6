public import AGIProtocol

/// What an `agi.*` action does to the waiting FastAGI requests.
public enum AGIAnswerStep: Sendable, Hashable {
    /// Add this command (a `SET VARIABLE`) to the answer of `session`, or of every request of the call still waiting.
    case command(AGICommand, variable: String, session: String?)
    /// The answer of `session` (or of every waiting request of the call) is complete.
    case done(session: String?)
}
