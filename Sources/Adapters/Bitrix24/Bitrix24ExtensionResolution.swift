import Foundation

/// How an extension was resolved to a user.
public enum Bitrix24ExtensionResolution: Sendable, Equatable {
    /// A static override from the configuration.
    case override(userID: Int)
    /// The portal's `UF_PHONE_INNER`.
    case directory(userID: Int)
    /// Not mapped: the configured default user.
    case defaultUser(userID: Int)
    /// Not mapped and no default user.
    case unmapped

    /// The user id, if any.
    public var userID: Int? {
        switch self {
        case .override(let id), .directory(let id), .defaultUser(let id): id
        case .unmapped: nil
        }
    }
}
