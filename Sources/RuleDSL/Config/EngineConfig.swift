/// The engine's configuration (`engine.yaml`), validated and typed. Secrets are ``Secret`` values.
public struct EngineConfig: Sendable {
    /// The AMI connection.
    public struct AMI: Sendable {
        public var host: String
        public var port: Int
        public var username: String
        public var secret: Secret
        /// The event mask sent at login (`on`, or e.g. `call,agent,dialplan`).
        public var events: String
        /// Seconds between reconciles with `CoreShowChannels` while nothing went wrong (0: never); a missed Hangup
        /// cannot keep a call and its cards open longer.
        public var reconcileSeconds: Int = defaultReconcileSeconds

        /// Every five minutes.
        public static let defaultReconcileSeconds = 300
    }

    /// The Bitrix24 portal.
    public struct Bitrix24: Sendable {
        /// `https://PORTAL/rest/<user>/<secret>/`: the whole URL is secret.
        public var webhookURL: Secret
        public var applicationToken: Secret?
        public var requestsPerSecond: Double
        public var burst: Int
        public var defaultUser: Int
        public var country: String
        public var anonymousNumber: String
        /// Extension → user id, overriding the portal's directory.
        public var userOverrides: [String: Int]
        /// How the events Bitrix24 posts (`POST /bitrix24/events`) are checked.
        public var events = Bitrix24Events()
        /// `bitrix24.lead_creation`: who creates the lead of an unknown caller.
        public var leadCreation: LeadCreation = .auto
        /// `bitrix24.outbox_high_water`: commands waiting for the portal (held in memory included) above which the
        /// log alerts, once until the depth is back to half of it.
        public var outboxHighWater: Int = defaultOutboxHighWater

        /// About an hour of a busy PBX's commands with the portal away.
        public static let defaultOutboxHighWater = 10_000
    }

    /// `bitrix24.events`: the checks on the events Bitrix24 posts (click-to-call, callbacks).
    public struct Bitrix24Events: Sendable {
        /// `auth[domain]` must equal it, when set.
        public var domain: String?
        /// `auth[member_id]` must equal it, when set.
        public var memberID: String?
        /// An event Bitrix24 sent longer ago than this is not dialled (it is finished with a failure status).
        public var maxAgeSeconds = 30
        /// The same event (the same CALL_ID) delivered again within this window is handled once.
        public var dedupeSeconds = 600
        /// Only these sources may post; empty: any source.
        public var allowFrom: [IPNetwork] = []
        /// Requests per second each source may make (a token bucket), and its burst.
        public var perSourcePerSecond = 5.0
        public var perSourceBurst = 20

        /// The defaults.
        public init() {}
    }

    /// `click_to_call`: what the default click-to-call rules read as `config.click_to_call.*`.
    public struct ClickToCall: Sendable {
        /// The operator's phone, `{ext}` standing for their extension.
        public var channel = "Local/{ext}@from-internal"
        /// The dialplan context the client's number is dialled in.
        public var context = "from-internal"
        /// How long the operator's phone rings (the Originate's timeout).
        public var ringSeconds = 30

        /// The defaults.
        public init() {}
    }

    /// `admin.traces`: per-call traces kept in memory and served on the admin listener.
    public struct Traces: Sendable {
        /// `enabled` (default true): traces hold phone numbers; turn them off where that is not wanted.
        public var enabled = true
        /// `calls` (default 50): how many of the last calls keep their trace.
        public var calls = 50

        /// The defaults.
        public init() {}
    }

    /// Who creates the lead of an unknown caller (`bitrix24.lead_creation`).
    public enum LeadCreation: String, Sendable, CaseIterable {
        /// Bitrix24, at register (`CRM_CREATE`); the lead-fallback rule covers a refusal.
        case portal
        /// The engine: search → lead → register, so the call is bound to the lead it created.
        case engine
        /// Bitrix24 until it reports `LEAD_CREATION_ERROR`, the engine from then on (remembered in the state file).
        case auto
    }

    /// The FastAGI server (`agi:`): the dialplan asks the rules and waits.
    public struct AGI: Sendable {
        /// `agi.listen` (host:port).
        public var listen: String = "127.0.0.1:4573"
        /// `agi.deadline_ms`: how long a request waits for its answer.
        public var deadlineMilliseconds: Int = 500
        /// `agi.lookup_cache_seconds`: how long a CRM lookup is remembered per number.
        public var lookupCacheSeconds: Int = 30
        /// `agi.session_seconds`: the longest a session may stay open.
        public var sessionSeconds: Int = 10
        /// `agi.max_sessions`: sessions open at once.
        public var maxSessions: Int = 1000

        /// The defaults.
        public init() {}
    }

    /// `pbx.id`.
    public var pbxID: String = "main"
    public var ami: AMI?
    public var bitrix24: Bitrix24?
    /// `http.listen` (host:port), nil when the public endpoint is off.
    public var httpListen: String?
    /// `http.trusted_proxies`: reverse proxies whose `X-Forwarded-For` names the real source.
    public var trustedProxies: [IPNetwork] = []
    /// `click_to_call`.
    public var clickToCall = ClickToCall()
    /// `admin.listen` (host:port).
    public var adminListen: String = "127.0.0.1:9090"
    /// `admin.traces`.
    public var traces = Traces()
    public var rulesPath: String = "rules"
    public var statePath: String = "var/switchboard.sqlite"
    /// `state_max_mb`: the most the state file may grow to (MiB); past it, writes fail as on a full disk (commands are
    /// held in memory, `/healthz` names storage). nil: no cap.
    public var stateMaxMegabytes: Int?
    /// `recordings:`; nil when the section is absent (recordings are off).
    public var recordings: Recordings?
    /// The FastAGI server; nil when `agi:` is absent (no server).
    public var agi: AGI?

    /// Creates a configuration with every default and no PBX or portal.
    public init() {}

    /// The sections `engine run` needs that are not configured (`ami`, `bitrix24`); without them it does not start.
    public var missingSections: [String] {
        (ami == nil ? ["ami"] : []) + (bitrix24 == nil ? ["bitrix24"] : [])
    }

    /// What expressions read as `config.*`: every key but the secrets, defaults filled in.
    public var expressionValue: Value {
        .map([
            "pbx": .map(["id": .string(pbxID)]),
            "bitrix24": .map([
                "default_user": .int(bitrix24?.defaultUser ?? 1),
                "country": .string(bitrix24?.country ?? "RU"),
                "anonymous_number": .string(bitrix24?.anonymousNumber ?? EngineConfig.defaultAnonymousNumber),
                "lead_creation": .string(bitrix24?.leadCreation == .engine ? "engine" : "portal"),
            ]),
            "recordings": .map(["enabled": .bool(recordings?.enabled ?? false)]),
            "click_to_call": .map([
                "channel": .string(clickToCall.channel),
                "context": .string(clickToCall.context),
                "ring_seconds": .int(clickToCall.ringSeconds),
            ]),
        ])
    }

    /// The number registered for withheld callers unless configured.
    public static let defaultAnonymousNumber = "0000000000"
}
