/// What one client may hold of a listener: the public listener shares the process's file descriptors with AMI,
/// SQLite and outbound HTTP, so a slow or hostile client must not keep connections open or send without end.
public struct HTTPListenerLimits: Sendable, Hashable {
    /// A request (head and body) must arrive within this time of the connection opening or of the previous
    /// response (a slowloris client dripping header bytes is closed).
    public var requestTimeout: Duration
    /// A connection with no request in progress is closed after this time.
    public var idleTimeout: Duration
    /// At most this many connections are open at once; further ones wait in the kernel's backlog, unaccepted.
    public var maximumConnections: Int
    /// A request body longer than this is answered 413 and the connection closed.
    public var maximumBodyBytes: Int

    /// Limits with the public listener's defaults: 10 s per request, 30 s idle, 128 connections, 64 KiB bodies.
    public init(
        requestTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(30),
        maximumConnections: Int = 128,
        maximumBodyBytes: Int = 64 * 1024
    ) {
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
        self.maximumBodyBytes = maximumBodyBytes
    }
}
