public import AGIProtocol

/// Decides what a FastAGI request gets. The server calls it once the request's environment is complete and waits for
/// it up to the deadline; past the deadline (or when the channel hangs up) the calling task is cancelled and the
/// answer is ignored, so an implementation must return promptly once cancelled and forget the session.
public protocol AGIRequestHandler: Sendable {
    /// The commands to run on the channel (nothing: the dialplan goes on with nothing set).
    func decide(_ session: AGISessionContext) async -> AGIDecision
}

/// A request being decided: which session, what Asterisk sent, and the moment the answer is due.
public struct AGISessionContext: Sendable {
    /// Unique within the server's run (`agi-17`).
    public var id: String
    /// The environment block.
    public var request: AGIRequest
    /// When the answer is due (the request's first byte plus the deadline).
    public var deadline: ContinuousClock.Instant

    /// A context.
    public init(id: String, request: AGIRequest, deadline: ContinuousClock.Instant) {
        self.id = id
        self.request = request
        self.deadline = deadline
    }
}
