/// One delivery attempt of an outbound event.
public struct FakeBitrix24EventDelivery: Sendable {
    /// `ONEXTERNALCALLSTART` or `ONEXTERNALCALLBACKSTART`.
    public let event: String
    /// The exact form-urlencoded body sent.
    public let body: String
    /// The handler's HTTP status; `nil` when it could not be reached (the event is lost: no retries).
    public let status: Int?
}
