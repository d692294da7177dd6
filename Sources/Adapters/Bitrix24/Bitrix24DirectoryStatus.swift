public import Foundation

/// The directory's health: what it serves and whether the last refresh worked.
public struct Bitrix24DirectoryStatus: Sendable, Equatable {
    /// Extensions mapped by the portal.
    public let mappedExtensions: Int
    /// When the map being served was fetched (`nil` before the first success).
    public let servedSince: Date?
    /// The last refresh's failure (redacted), `nil` when it succeeded.
    public let lastRefreshError: String?
    /// Extensions held by several active users.
    public let duplicateExtensions: [String: [Int]]
    /// Inactive users still holding an extension.
    public let inactiveWithExtension: [Int]
}
