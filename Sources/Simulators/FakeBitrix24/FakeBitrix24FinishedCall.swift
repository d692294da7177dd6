import OrderedCollections
import Foundation

/// A finished call (a row of the statistics table).
public struct FakeBitrix24FinishedCall: Sendable, Equatable {
    public let statisticID: Int
    public let call: FakeBitrix24LiveCall
    public let userID: Int
    public let duration: Int
    public let statusCode: String
    public let activityID: Int?
    public var record: FakeBitrix24Record?
}
