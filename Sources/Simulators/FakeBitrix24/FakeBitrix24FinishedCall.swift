import Foundation
import OrderedCollections

/// A finished call (a row of the statistics table).
public struct FakeBitrix24FinishedCall: Sendable, Equatable {
    /// The statistics row id (`ID` in the finish result).
    public let statisticID: Int
    /// The call as it was when finished.
    public let call: FakeBitrix24LiveCall
    /// The finishing user (`PORTAL_USER_ID`).
    public let userID: Int
    /// `CALL_DURATION`.
    public let duration: Int
    /// `CALL_FAILED_CODE`.
    public let statusCode: String
    /// The CRM activity created, if the call had an entity.
    public let activityID: Int?
    /// The attached record (replaced by a later attachRecord).
    public var record: FakeBitrix24Record?
}
