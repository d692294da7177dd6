/// Where the executor hands the recordings the rules attach (``RecordingService``).
public protocol RecordingSink: Sendable {
    /// Rules attached these recordings (in order). Durable when this returns.
    func submit(_ requests: [RecordingRequest]) async
    /// The finish of `callKey` went into the outbox as `step`.
    func finishQueued(callKey: String, step: String) async
    /// An attachRecord command was settled by the outbox.
    func settle(_ outcome: DeliveryOutcome) async
}
