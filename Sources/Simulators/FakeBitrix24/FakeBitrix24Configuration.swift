import OrderedCollections

/// How the fake portal behaves where the real one varies (cloud vs on-premise, source vs docs).
public struct FakeBitrix24Configuration: Sendable {
    /// The webhook's user id (`/rest/<userID>/<secret>/…`).
    public var webhookUserID: Int
    /// The webhook's secret.
    public var webhookSecret: String
    /// Scopes ticked on the webhook (`telephony`, `crm`, `user`, …).
    public var scopes: Set<String>
    /// When `true` every call answers `INVALID_REQUEST` / `Https required.` — the fake only speaks plain
    /// HTTP, so this stands for a cloud portal reached over `http://`.
    public var requireHTTPS: Bool
    /// The leaky bucket (`nil` = unlimited). Cloud default: capacity 50, drains 2 per second.
    public var rateLimit: RateLimit?
    /// HTTP status for `insufficient_scope` (401 in the source, 403 in the docs).
    public var insufficientScopeStatus: Int
    /// The `error` value of method-level failures: `""` (source, observed 2025) or `"ERROR_CORE"` (docs 2026).
    public var methodErrorCode: String
    /// When set, `CRM_CREATE=1` fails to create the lead and `register` reports this `LEAD_CREATION_ERROR`.
    public var leadCreationError: String?
    /// How long a `hang` fault holds the request before the connection is closed (seconds).
    public var hangSeconds: Double

    /// The leaky-bucket parameters.
    public struct RateLimit: Sendable, Equatable {
        /// Requests the bucket holds (burst).
        public var capacity: Double
        /// Requests drained per second (sustained rate).
        public var drainPerSecond: Double
        /// A bucket.
        public init(capacity: Double, drainPerSecond: Double) {
            self.capacity = capacity
            self.drainPerSecond = drainPerSecond
        }
        /// All plans but Enterprise: burst 50, 2 per second.
        public static let cloud = RateLimit(capacity: 50, drainPerSecond: 2)
    }

    /// Defaults: webhook user 1, scopes telephony/crm/user, cloud rate limit, 401 for scope errors, `""` method errors.
    public init(
        webhookUserID: Int = 1,
        webhookSecret: String = "f4k3s3cr3tw3bh00k",
        scopes: Set<String> = ["telephony", "crm", "user"],
        requireHTTPS: Bool = false,
        rateLimit: RateLimit? = .cloud,
        insufficientScopeStatus: Int = 401,
        methodErrorCode: String = "",
        leadCreationError: String? = nil,
        hangSeconds: Double = 30
    ) {
        self.webhookUserID = webhookUserID
        self.webhookSecret = webhookSecret
        self.scopes = scopes
        self.requireHTTPS = requireHTTPS
        self.rateLimit = rateLimit
        self.insufficientScopeStatus = insufficientScopeStatus
        self.methodErrorCode = methodErrorCode
        self.leadCreationError = leadCreationError
        self.hangSeconds = hangSeconds
    }
}
