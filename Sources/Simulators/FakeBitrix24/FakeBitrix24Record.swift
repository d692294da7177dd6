public import Foundation
import OrderedCollections

/// A record attached to a finished call.
public struct FakeBitrix24Record: Sendable, Equatable {
    /// `FILE_ID` on the portal's Drive.
    public let fileID: Int
    /// `FILENAME`.
    public let filename: String
    /// The file bytes (inline or uploaded), or empty for `RECORD_URL` mode.
    public let content: Data
    /// The URL the portal was asked to fetch (`RECORD_URL` mode).
    public let sourceURL: String?
}
