public import Foundation

/// One consistent extension ↔ user map, built from one complete `user.get` listing.
public struct Bitrix24DirectorySnapshot: Sendable, Equatable {
    /// Extension → user id (active users only; for a duplicated extension, the lowest user id).
    public let userByExtension: [String: Int]
    /// User id → extension.
    public let extensionByUser: [Int: String]
    /// Every user listed, by id.
    public let users: [Int: Bitrix24User]
    /// Extensions held by more than one active user, with all their holders (sorted).
    public let duplicateExtensions: [String: [Int]]
    /// Inactive users who still have an extension (not mapped).
    public let inactiveWithExtension: [Int]
    /// When it was fetched.
    public let fetchedAt: Date

    /// Builds the map from a listing.
    public init(users list: [Bitrix24User], fetchedAt: Date = Date()) {
        var holders: [String: [Int]] = [:]
        var inactive: [Int] = []
        var users: [Int: Bitrix24User] = [:]
        for user in list {
            users[user.id] = user
            guard let ext = user.phoneInner else { continue }
            if user.active {
                holders[ext, default: []].append(user.id)
            } else {
                inactive.append(user.id)
            }
        }
        var byExtension: [String: Int] = [:]
        var byUser: [Int: String] = [:]
        var duplicates: [String: [Int]] = [:]
        for (ext, ids) in holders {
            let sorted = ids.sorted()
            guard let chosen = sorted.first else { continue }
            byExtension[ext] = chosen
            for id in sorted { byUser[id] = ext }
            if sorted.count > 1 { duplicates[ext] = sorted }
        }
        self.userByExtension = byExtension
        self.extensionByUser = byUser
        self.users = users
        self.duplicateExtensions = duplicates
        self.inactiveWithExtension = inactive.sorted()
        self.fetchedAt = fetchedAt
    }
}
