public import AMIProtocol

/// How an ``AMIClient`` connects, logs in and keeps the link alive.
public struct AMIClientConfiguration: Sendable {
    /// The Asterisk host (the manager.conf `bindaddr`).
    public var host: String
    /// The AMI port (5038 by default).
    public var port: Int
    /// Who to log in as, and how.
    public var credentials: AMICredentials
    /// Which event classes to receive.
    public var events: AMIEventMask
    /// The default deadline for a reply (and for a list to complete).
    public var actionTimeout: Duration
    /// The deadline for an Originate's `OriginateResponse`, counted from the Originate being sent;
    /// the Originate's own `Timeout` is added to it.
    public var originateGrace: Duration
    /// How often to send a keepalive Ping; nil turns keepalive off.
    public var pingInterval: Duration?
    /// How long a keepalive Ping may wait for its reply before the link is dropped and rebuilt.
    public var pingTimeout: Duration
    /// The TCP connect deadline.
    public var connectTimeout: Duration
    /// Delays between reconnect attempts.
    public var backoff: AMIReconnectBackoff
    /// The per-message cap of the decoder.
    public var messageSizeLimit: Int
    /// How many events may wait for the consumer before the client stops reading the socket (``AMIEventBuffer``).
    public var eventBufferLimit: Int
    /// The prefix of generated ActionIDs (kept short: Asterisk truncates long ones in list items).
    public var actionIDPrefix: String
    /// Called on the connection's event loop with every message as soon as it is decoded from the socket, before
    /// it is routed (benchmarks stamp read times here). Keep it cheap; nil (the default) costs one branch per message.
    public var readObserver: (@Sendable (AMIMessage) -> Void)?

    /// Creates a configuration.
    public init(
        host: String,
        port: Int = 5038,
        credentials: AMICredentials,
        events: AMIEventMask = .on,
        actionTimeout: Duration = .seconds(10),
        originateGrace: Duration = .seconds(10),
        pingInterval: Duration? = .seconds(10),
        pingTimeout: Duration = .seconds(5),
        connectTimeout: Duration = .seconds(5),
        backoff: AMIReconnectBackoff = AMIReconnectBackoff(),
        messageSizeLimit: Int = AMIFrameDecoder.defaultMessageSizeLimit,
        eventBufferLimit: Int = 50_000,
        actionIDPrefix: String = "sb",
        readObserver: (@Sendable (AMIMessage) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.credentials = credentials
        self.events = events
        self.actionTimeout = actionTimeout
        self.originateGrace = originateGrace
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
        self.connectTimeout = connectTimeout
        self.backoff = backoff
        self.messageSizeLimit = messageSizeLimit
        self.eventBufferLimit = eventBufferLimit
        self.actionIDPrefix = actionIDPrefix
        self.readObserver = readObserver
    }
}
