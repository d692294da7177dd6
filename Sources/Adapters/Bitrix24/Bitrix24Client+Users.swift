extension Bitrix24Client {
    /// One page of `user.get` (50 users) from offset `start`.
    /// - Parameters:
    ///   - filter: sent as `FILTER` (e.g. `["USER_TYPE": "employee"]`, `["UF_PHONE_INNER": "101"]`).
    ///   - sort: field to sort by (default `ID`); `descending` for `order=DESC`.
    public func usersPage(
        filter: [String: Bitrix24Value] = [:],
        sort: String = "ID",
        descending: Bool = false,
        start: Int = 0,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> (users: [Bitrix24User], next: Int?, total: Int?) {
        var params: [String: Bitrix24Value] = [
            "sort": .string(sort), "order": .string(descending ? "DESC" : "ASC"), "start": .int(start),
        ]
        if !filter.isEmpty { params["FILTER"] = .object(filter) }
        let response = try await call("user.get", params, retry: retry)
        guard let items = response.result.arrayValue else { throw malformed("user.get", "result is not a list") }
        return (items.compactMap(Bitrix24User.init), response.next, response.total)
    }

    /// Every user matching `filter`, following `next` page by page (`user.get`, 50 per page).
    /// Stops with an error if the portal's `next` does not advance.
    public func allUsers(
        filter: [String: Bitrix24Value] = [:],
        retry: Bitrix24RetryPolicy = .none,
        maxPages: Int = 1000
    ) async throws -> [Bitrix24User] {
        var users: [Bitrix24User] = []
        var start = 0
        for _ in 0..<maxPages {
            let page = try await usersPage(filter: filter, start: start, retry: retry)
            users.append(contentsOf: page.users)
            guard let next = page.next else { return users }
            guard next > start else { throw malformed("user.get", "next page offset \(next) does not advance") }
            start = next
        }
        throw malformed("user.get", "more than \(maxPages) pages")
    }
}
