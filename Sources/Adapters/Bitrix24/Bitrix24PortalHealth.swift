/// The portal's state after the start-up check.
public enum Bitrix24PortalHealth: Sendable, Equatable {
    /// Credentials work and every required scope is granted.
    case ready(grantedScopes: [String])
    /// The portal could not be asked (network, timeout, 5xx, rate limit): not fatal — work is queued
    /// and health reports this until a later check succeeds.
    case unreachable(reason: String)
}
