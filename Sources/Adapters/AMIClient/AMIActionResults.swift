public import AMIProtocol

/// The outcome of a list action (`EventList: start` … `…Complete`).
public struct AMIListResult: Sendable {
    /// The `Response: Success` / `EventList: start` reply (or the plain reply of an action that sent no list).
    public let response: AMIMessage
    /// The list items, in order.
    public let items: [AMIMessage]
    /// The closing `…Complete` event (nil when the server sent no list).
    public let completion: AMIMessage?
    /// How many messages the client had put on `events` (since it was created) when the list completed: the
    /// events before the list on the wire. Asterisk writes a list whole, and events that happened meanwhile after
    /// it, so the list is a snapshot taken between event `eventsBefore - 1` and event `eventsBefore`.
    public let eventsBefore: Int

    /// A list result.
    public init(response: AMIMessage, items: [AMIMessage], completion: AMIMessage?, eventsBefore: Int = 0) {
        self.response = response
        self.items = items
        self.completion = completion
        self.eventsBefore = eventsBefore
    }
}

/// The outcome of an `Async: true` Originate.
public struct AMIOriginateResult: Sendable {
    /// The immediate `Originate successfully queued` reply.
    public let response: AMIMessage?
    /// The `OriginateResponse` event.
    public let outcome: AMIMessage

    /// Whether the call was answered (`Response: Success`).
    public var succeeded: Bool { outcome["Response"]?.lowercased() == "success" }
    /// `Reason`: 4 answered, 0 failed, 1 hung up, 3 no answer, 5 busy, 8 congestion.
    public var reason: Int? { outcome["Reason"].flatMap { Int($0) } }
    /// The Uniqueid of the originated channel (`<unknown>` when none was created).
    public var uniqueID: String? { outcome["Uniqueid"] }
}
