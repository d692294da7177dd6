extension Bitrix24Client {
    /// Scopes the product needs: telephony (cards, calls), crm (leads, duplicates), user (extensions).
    public static let requiredScopes: Set<String> = ["telephony", "crm", "user"]

    /// Checks credentials and scopes at start-up with the `scope` method.
    ///
    /// - Returns: ``Bitrix24PortalHealth/ready(grantedScopes:)``, or ``Bitrix24PortalHealth/unreachable(reason:)``
    ///   when the portal cannot be asked right now (not fatal).
    /// - Throws: ``Bitrix24StartupFailure`` when credentials are rejected or a required scope is missing.
    public func verifyAtStartup(
        requiredScopes: Set<String> = Bitrix24Client.requiredScopes
    ) async throws -> Bitrix24PortalHealth {
        let response: Bitrix24Response
        do {
            response = try await call("scope")
        } catch let error as Bitrix24Error {
            switch error.action {
            case .pausePortal(let reason):
                throw Bitrix24StartupFailure(
                    description: "Bitrix24 portal \(auth.portalDescription) refuses the webhook (\(reason)); "
                        + "check the inbound webhook URL and its scopes (telephony, crm, user)",
                    underlying: error
                )
            case .retryLater, .backOffMethod:
                return .unreachable(reason: error.description)
            case .giveUp:
                return .unreachable(reason: "the portal gave an unexpected answer to `scope`: \(error.description)")
            }
        }
        let granted = (response.result.arrayValue ?? []).compactMap(\.stringValue)
        let missing = requiredScopes.filter { !Bitrix24Scope.isGranted($0, in: Set(granted)) }.sorted()
        guard missing.isEmpty else {
            throw Bitrix24StartupFailure(
                description:
                    "the Bitrix24 webhook of \(auth.portalDescription) lacks the scope(s) "
                    + "\(missing.joined(separator: ", ")); "
                    + "tick them on the inbound webhook (Developer resources → Inbound webhook)",
                underlying: nil
            )
        }
        return .ready(grantedScopes: granted.sorted())
    }
}
