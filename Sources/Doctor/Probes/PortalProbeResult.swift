import AMIProtocol
public import Adapters
import RuleDSL

/// What `engine doctor` learned from the Bitrix24 portal.
public struct PortalProbeResult: Sendable {
    /// The portal, `https://acme.bitrix24.ru` (never the webhook's secret).
    public var portal: String
    /// Why the webhook URL is unusable as written, if it is.
    public var configurationError: String?
    /// A failed answer: HTTP status and `error` code when the portal answered, and the client's description.
    public struct Failure: Sendable, Hashable {
        public var status: Int?
        public var code: String?
        public var description: String
    }

    /// The portal's answer to `scope`, when it was an error.
    public var webhookError: Failure?
    /// The scopes ticked on the webhook.
    public var grantedScopes: [String]?
    /// The portal's clock minus this host's, in seconds (`time.start` of the `scope` answer).
    public var clockSkew: Double?
    /// The user directory as the engine builds it (`user.get`, every page).
    public var directory: Bitrix24DirectorySnapshot?
    /// Why the directory could not be read, if it could not.
    public var directoryError: String?

    /// Whether the webhook answered `scope`.
    public var answered: Bool { configurationError == nil && webhookError == nil && grantedScopes != nil }
}
