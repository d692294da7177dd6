import Foundation

/// A portal user from `user.get` (ids arrive as strings; flags as booleans or `"Y"`/`"N"`).
public struct Bitrix24User: Sendable, Hashable {
    /// `ID`.
    public let id: Int
    /// `ACTIVE` (absent = active).
    public let active: Bool
    /// `NAME`.
    public let name: String
    /// `LAST_NAME`.
    public let lastName: String
    /// `EMAIL`.
    public let email: String
    /// `UF_PHONE_INNER`, trimmed; `nil` when empty.
    public let phoneInner: String?
    /// `employee`, `extranet`, `email`, … (`nil` when absent).
    public let userType: String?

    /// A user from its parts.
    public init(
        id: Int,
        active: Bool,
        name: String = "",
        lastName: String = "",
        email: String = "",
        phoneInner: String? = nil,
        userType: String? = nil
    ) {
        self.id = id
        self.active = active
        self.name = name
        self.lastName = lastName
        self.email = email
        self.phoneInner = phoneInner
        self.userType = userType
    }

    /// Reads one `user.get` item; `nil` without a usable `ID`.
    public init?(_ value: Bitrix24Value) {
        guard let id = value["ID"]?.intValue, id > 0 else { return nil }
        self.id = id
        self.active = value["ACTIVE"]?.boolValue ?? true
        self.name = value["NAME"]?.stringValue ?? ""
        self.lastName = value["LAST_NAME"]?.stringValue ?? ""
        self.email = value["EMAIL"]?.stringValue ?? ""
        let inner = value["UF_PHONE_INNER"]?.stringValue?.trimmingCharacters(in: .whitespaces)
        self.phoneInner = inner.flatMap { $0.isEmpty ? nil : $0 }
        self.userType = value["USER_TYPE"]?.nonEmptyString
    }

    /// "Olga Ivanova".
    public var displayName: String {
        [name, lastName].filter { !$0.isEmpty }.joined(separator: " ")
    }
}
