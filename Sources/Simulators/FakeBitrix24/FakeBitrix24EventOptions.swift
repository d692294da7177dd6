/// How the fake portal delivers an outbound event.
public struct FakeBitrix24EventOptions: Sendable {
    /// `auth[application_token]` — the outbound webhook's "authentication code" / the app's token; nil: left out.
    public var applicationToken: String?
    /// `event_handler_id` (present since Nov 2024); `nil` = omitted, as before.
    public var eventHandlerID: Int?
    /// Whether `auth[server_endpoint]` is sent (app events have lacked it since Nov 2024).
    public var includeServerEndpoint: Bool
    /// `auth[domain]`.
    public var domain: String
    /// `auth[member_id]`.
    public var memberID: String
    /// How many times the same event is delivered (duplicates happen in production).
    public var deliveries: Int
    /// Wait before the first delivery (the queue server may be late).
    public var delay: Duration
    /// `ts` and the delivery time differ by this much (stale events).
    public var timestampSkew: Double
    /// How long one delivery may take before it counts as failed (the real queue gives up too).
    public var deliveryTimeout: Duration
    /// Extra bytes of padding in a `data[PADDING]` field (0: none), for oversized bodies.
    public var paddingBytes = 0

    /// Defaults: the reference's example token and handler id 975, one immediate delivery.
    public init(
        applicationToken: String? = "jvh9y1ulvt2m6k5or90v9mg8nn32ozas",
        eventHandlerID: Int? = 975,
        includeServerEndpoint: Bool = true,
        domain: String = "acme.bitrix24.ru",
        memberID: String = "a223c6b9410f85df78e9377d6c4f7213",
        deliveries: Int = 1,
        delay: Duration = .zero,
        timestampSkew: Double = 0,
        deliveryTimeout: Duration = .seconds(5)
    ) {
        self.applicationToken = applicationToken
        self.eventHandlerID = eventHandlerID
        self.includeServerEndpoint = includeServerEndpoint
        self.domain = domain
        self.memberID = memberID
        self.deliveries = deliveries
        self.delay = delay
        self.timestampSkew = timestampSkew
        self.deliveryTimeout = deliveryTimeout
    }
}
