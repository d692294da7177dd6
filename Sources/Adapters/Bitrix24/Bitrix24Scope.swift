/// Which webhook scope a REST method needs (bitrix24-api.md: the method's documentation names its scope; a call
/// outside the webhook's scopes answers `insufficient_scope`).
public enum Bitrix24Scope {
    /// Methods every webhook may call.
    public static let basicMethods: Set<String> = ["scope", "batch", "profile", "methods", "method.get", "app.info"]

    /// Scopes that each grant `user.get` with `UF_PHONE_INNER`.
    public static let userScopes: Set<String> = ["user", "user_basic", "user_brief"]

    /// The scope `method` needs (`telephony.externalCall.register` → `telephony`); nil for the basic methods.
    public static func required(forMethod method: String) -> String? {
        let lowered = method.lowercased()
        guard !basicMethods.contains(lowered) else { return nil }
        return lowered.split(separator: ".").first.map(String.init)
    }

    /// Whether `granted` covers `scope` (`user` is covered by any of ``userScopes``).
    public static func isGranted(_ scope: String, in granted: Set<String>) -> Bool {
        scope == "user" ? !userScopes.isDisjoint(with: granted) : granted.contains(scope)
    }
}
