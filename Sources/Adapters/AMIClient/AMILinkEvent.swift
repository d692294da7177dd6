public import Foundation

/// A stretch of time during which the client had no connection, so events were lost (AMI never resends them).
/// The consumer resynchronises its state for this interval (`CoreShowChannels`, `QueueStatus`).
public struct AMILinkGap: Sendable, Hashable {
    /// When the link went down.
    public let start: Date
    /// When the new session was logged in and receiving events again.
    public let end: Date
}

/// Why a connection ended.
public enum AMIDisconnectReason: Sendable, Hashable {
    /// The server closed the connection or the network failed.
    case connectionClosed(String?)
    /// A keepalive Ping got no reply within its deadline.
    case pingTimeout
    /// The client was closed on purpose.
    case closedByClient
    /// Reading stayed paused on a full event buffer for `seconds` (the consumer stalled): the link was dropped
    /// rather than let Asterisk queue events without end; the reconnect's gap is resynchronised.
    case eventBufferStalled(seconds: Double)
}

/// Changes of the link, in order, for the consumer that owns the call state.
public enum AMILinkEvent: Sendable, Hashable {
    /// The first session is logged in.
    case connected(banner: String)
    /// The session ended at `at`.
    case disconnected(reason: AMIDisconnectReason, at: Date)
    /// A reconnect attempt failed; the next one follows after `nextDelay`.
    case reconnectFailed(attempt: Int, error: AMIClientError, nextDelay: Duration)
    /// A new session is logged in; events in `gap` were lost.
    case reconnected(banner: String, gap: AMILinkGap)
}
