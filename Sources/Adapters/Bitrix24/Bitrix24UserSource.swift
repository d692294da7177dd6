/// Where the user directory reads users from (the portal's `user.get`; a stub in no test).
public protocol Bitrix24UserSource: Sendable {
    /// Every user, all pages.
    func fetchAllUsers() async throws -> [Bitrix24User]
}

extension Bitrix24Client: Bitrix24UserSource {
    /// All users (active and inactive), paginated `user.get` sorted by `ID`.
    public func fetchAllUsers() async throws -> [Bitrix24User] {
        try await allUsers()
    }
}
