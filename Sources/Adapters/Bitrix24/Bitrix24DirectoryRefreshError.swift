import Foundation
import Logging

/// A refresh produced nothing usable.
public enum Bitrix24DirectoryRefreshError: Error, Sendable, CustomStringConvertible {
    /// `user.get` listed no users at all — treated as a failure, never as "everyone left".
    case emptyListing

    /// Operator-facing text.
    public var description: String { "user.get listed no users; keeping the previous map" }
}
