public import Adapters

/// Sends a command the planner always sends alone (``DeliveryCommandKind/sendsAlone``: attachRecord) its own way —
/// e.g. a recording's two-step upload (ask for an upload URL, then post the file). ``PortalScheduler`` marks the
/// command in flight before calling it and records what it returns like any answer: a result is acknowledged and kept,
/// a ``Bitrix24Error`` is classified by its action (retry with back-off, method back-off, portal pause, dead letter).
public protocol SoloCommandSending: Sendable {
    /// HTTP requests one send makes, counted in the portal's bucket when it returns (one place is held meanwhile).
    var requestsPerSend: Int { get }

    /// Sends `command` — its bindings resolved, so its `CALL_ID` is in `command.params` — through `client`; returns
    /// the result the outbox keeps for its step.
    func send(_ command: PlannedCommand, client: Bitrix24Client) async throws -> Bitrix24Value
}

extension SoloCommandSending {
    /// One request per send.
    public var requestsPerSend: Int { 1 }
}
