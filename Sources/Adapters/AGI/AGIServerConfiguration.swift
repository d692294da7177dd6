public import AGIProtocol

/// How the FastAGI server listens and how long a session may take.
public struct AGIServerConfiguration: Sendable {
    /// Where to listen (`agi.listen`, default `127.0.0.1:4573`, FastAGI's port).
    public var address: ListenAddress
    /// How long a request waits for its decision, from its first byte (`agi.deadline_ms`, default 500 ms); then the
    /// session ends with nothing set and the dialplan goes on.
    public var deadline: Duration
    /// How long a whole session may last, whatever it is doing (`agi.session_seconds`, default 10 s): a stalled peer
    /// is closed after it.
    public var sessionTimeLimit: Duration
    /// Sessions open at once (`agi.max_sessions`, default 1000); a connection beyond them is closed at once.
    public var maxSessions: Int
    /// Line and environment limits.
    public var limits: AGISessionLimits

    /// The default FastAGI address: loopback, port 4573.
    public static let defaultAddress = ListenAddress(host: "127.0.0.1", port: 4573)

    /// A configuration.
    public init(
        address: ListenAddress = AGIServerConfiguration.defaultAddress,
        deadline: Duration = .milliseconds(500),
        sessionTimeLimit: Duration = .seconds(10),
        maxSessions: Int = 1000,
        limits: AGISessionLimits = AGISessionLimits()
    ) {
        self.address = address
        self.deadline = deadline
        self.sessionTimeLimit = sessionTimeLimit
        self.maxSessions = max(1, maxSessions)
        self.limits = limits
    }
}
