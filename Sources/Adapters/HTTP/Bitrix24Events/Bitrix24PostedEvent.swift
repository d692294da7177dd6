public import Foundation

/// An event Bitrix24 posted that passed the listener's checks (source, rate, size, token): its name and `data[…]`
/// fields, still unvalidated text, for the daemon to turn into a call.
public struct Bitrix24PostedEvent: Sendable, Hashable {
    /// `event`, e.g. `ONEXTERNALCALLSTART`.
    public var event: String
    /// The `data[…]` fields holding one value, by name (`PHONE_NUMBER`, `CALL_ID`, …).
    public var data: [String: String]
    /// `ts`: when Bitrix24's queue sent it (Unix seconds), if given.
    public var sentAt: Date?
    /// When the listener received it.
    public var receivedAt: Date

    /// Creates an event.
    public init(event: String, data: [String: String], sentAt: Date?, receivedAt: Date) {
        self.event = event
        self.data = data
        self.sentAt = sentAt
        self.receivedAt = receivedAt
    }
}

/// What the daemon did with a posted event; the listener answers accordingly.
public enum Bitrix24EventVerdict: Sendable, Hashable {
    /// Queued: the call is being made (200).
    case accepted
    /// The same event came already within the de-duplication window: nothing more is done (200).
    case duplicate
    /// Not an event the engine handles (e.g. another REST event bound to the same URL) (200).
    case ignored
    /// A telephony event whose required fields are missing or invalid (400); the reason holds no request data.
    case invalid(String)
    /// Too many events are waiting: try later (503).
    case busy
}
