import OrderedCollections

extension FakePortalState {
    /// Keys of `user.get` that are not filters.
    private static let userGetControlKeys: Set<String> = [
        "SORT", "ORDER", "SELECT", "ADMIN_MODE", "START", "FILTER", "NAV_PARAMS",
    ]

    /// `user.get`: `FILTER` replaces the top-level filter keys; otherwise every other top-level key
    /// filters. Prefixes `=`, `!`, `!=`, `%`, `>`, `>=`, `<`, `<=`, `@`; pages of 50 with `start`/`next`/`total`.
    func userGet(_ rawParams: FakeJSONObject) throws -> FakeMethodOutput {
        var params: FakeJSONObject = [:]
        for (key, value) in rawParams { params[key.uppercased()] = value }
        let filter: FakeJSONObject
        if let explicit = params["FILTER"] {
            filter = explicit.objectValue ?? [:]
        } else {
            filter = params.filter { !Self.userGetControlKeys.contains($0.key) }
        }
        let sortField = params["SORT"]?.stringValue?.uppercased() ?? "ID"
        let descending = params["ORDER"]?.stringValue?.uppercased() == "DESC"
        let startParam = params["START"]?.intValue ?? 0
        let start = max(0, startParam)

        var matching = users.values.filter { user in
            filter.allSatisfy { key, value in Self.user(user, matches: key, value) }
        }
        matching.sort { lhs, rhs in
            let l = Self.field(sortField, of: lhs)
            let r = Self.field(sortField, of: rhs)
            if l == r { return lhs.id < rhs.id }
            let ascending: Bool = if let li = Int(l), let ri = Int(r) { li < ri } else { l < r }
            return descending ? !ascending : ascending
        }
        let page = matching.dropFirst(start).prefix(50)
        let next = start + 50 < matching.count ? start + 50 : nil
        return FakeMethodOutput(
            .array(page.map(Self.userJSON)),
            total: startParam == -1 ? nil : matching.count,
            next: next
        )
    }

    static func userJSON(_ user: FakeBitrix24User) -> FakeJSON {
        .object([
            "ID": .string(String(user.id)),
            "ACTIVE": .bool(user.active),
            "NAME": .string(user.name),
            "LAST_NAME": .string(user.lastName),
            "EMAIL": .string(user.email),
            "UF_PHONE_INNER": user.phoneInner.map(FakeJSON.string) ?? .null,
            "PERSONAL_MOBILE": .string(user.personalMobile),
            "WORK_PHONE": .string(user.workPhone),
            "USER_TYPE": .string(user.userType),
            "UF_DEPARTMENT": .array([.int(1)]),
            "TIMESTAMP_X": .object([:]),
            "IS_ONLINE": .string("N"),
        ])
    }

    private static func field(_ name: String, of user: FakeBitrix24User) -> String {
        switch name {
        case "ID": String(user.id)
        case "ACTIVE": user.active ? "Y" : "N"
        case "NAME": user.name
        case "LAST_NAME": user.lastName
        case "EMAIL": user.email
        case "UF_PHONE_INNER": user.phoneInner ?? ""
        case "USER_TYPE": user.userType
        case "PERSONAL_MOBILE": user.personalMobile
        case "WORK_PHONE": user.workPhone
        case "IS_ONLINE": "N"
        case "UF_DEPARTMENT": "1"
        default: ""
        }
    }

    private static func normalizedFilterValue(_ field: String, _ value: FakeJSON) -> String {
        if field == "ACTIVE" { return value.isTruthy && value.stringValue?.lowercased() != "false" ? "Y" : "N" }
        return value.stringValue ?? ""
    }

    private static func user(_ user: FakeBitrix24User, matches rawKey: String, _ value: FakeJSON) -> Bool {
        var key = rawKey.uppercased()
        var operation = ""
        for prefix in ["!@", "!=", "!%", ">=", "<=", "=%", "%=", "!", "=", "%", ">", "<", "@"]
        where key.hasPrefix(prefix) {
            operation = prefix
            key.removeFirst(prefix.count)
            break
        }
        let actual = field(key, of: user)
        let wanted: [String]
        if case .array = value {
            wanted = value.listValue.map { normalizedFilterValue(key, $0) }
        } else {
            wanted = [normalizedFilterValue(key, value)]
        }
        let first = wanted.first ?? ""
        func compare(_ op: (Int, Int) -> Bool, _ sop: (String, String) -> Bool) -> Bool {
            if let a = Int(actual), let b = Int(first) { return op(a, b) }
            return sop(actual, first)
        }
        switch operation {
        case "", "=", "@": return wanted.contains(actual)
        case "!", "!=", "!@": return !wanted.contains(actual)
        case "%", "=%", "%=": return actual.lowercased().contains(first.lowercased())
        case "!%": return !actual.lowercased().contains(first.lowercased())
        case ">": return compare(>, >)
        case ">=": return compare(>=, >=)
        case "<": return compare(<, <)
        case "<=": return compare(<=, <=)
        default: return false
        }
    }
}
