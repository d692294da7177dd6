/// What an event Bitrix24 posts must carry to be believed (bitrix24-api.md §12: there is no signature): the
/// outbound webhook's application token in `auth[application_token]`, compared in constant time, and, when
/// configured, the portal's `auth[domain]` and `auth[member_id]`. The token never appears in a description.
public struct Bitrix24EventCredentials: Sendable, CustomStringConvertible, CustomReflectable {
    /// Why an event was not believed.
    public enum Refusal: String, Sendable, Hashable {
        /// No `auth[application_token]` (401).
        case missingToken = "missing_token"
        /// A token that is not ours (403).
        case wrongToken = "wrong_token"
        /// The right token from another portal (`auth[domain]` or `auth[member_id]` differ) (403).
        case wrongPortal = "wrong_portal"
        /// No token is configured: no event can be believed (403).
        case notConfigured = "not_configured"
    }

    private let token: [UInt8]
    /// The expected `auth[domain]` (compared ignoring case), if any.
    public let domain: String?
    /// The expected `auth[member_id]`, if any.
    public let memberID: String?

    /// Credentials expecting `token` (empty: every event is refused), and optionally the portal's domain and member id.
    public init(token: String, domain: String? = nil, memberID: String? = nil) {
        self.token = Array(token.utf8)
        self.domain = domain.map { $0.lowercased() }
        self.memberID = memberID
    }

    /// Checks the `auth[…]` fields of an event; nil when it is to be believed.
    public func refusal(of auth: [String: String]) -> Refusal? {
        guard !token.isEmpty else { return .notConfigured }
        guard let presented = auth["application_token"], !presented.isEmpty else { return .missingToken }
        guard ConstantTimeComparison.equals(presented.utf8, token) else { return .wrongToken }
        if let domain, auth["domain"]?.lowercased() != domain { return .wrongPortal }
        if let memberID, auth["member_id"] != memberID { return .wrongPortal }
        return nil
    }

    public var description: String {
        "Bitrix24EventCredentials(token: <redacted>, domain: \(domain ?? "any"), member_id: \(memberID ?? "any"))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["token": "<redacted>", "domain": domain as Any, "memberID": memberID as Any])
    }
}
