public import Foundation

/// A successful Bitrix24 answer: `result`, and for list methods `total` and `next`.
public struct Bitrix24Response: Sendable {
    /// The method's result (any JSON type).
    public let result: Bitrix24Value
    /// Total items of a list method.
    public let total: Int?
    /// Offset of the next page (`start`), when there is one.
    public let next: Int?
    /// `time.operating_reset_at` (cloud only).
    public let operatingResetAt: Date?
    /// `time.operating`: seconds this method has used in the sliding 10-minute window (cloud only).
    public let operating: Double?
    /// `time.start`: the portal's clock when it began the request (for clock-skew checks).
    public let serverTime: Date?

    /// A response (normally built by the client).
    public init(
        result: Bitrix24Value,
        total: Int? = nil,
        next: Int? = nil,
        operatingResetAt: Date? = nil,
        operating: Double? = nil,
        serverTime: Date? = nil
    ) {
        self.result = result
        self.total = total
        self.next = next
        self.operatingResetAt = operatingResetAt
        self.operating = operating
        self.serverTime = serverTime
    }
}
