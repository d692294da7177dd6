/// How a FastAGI session ended. Whatever the reason, closing the connection lets the dialplan go on (`AGISTATUS` is
/// `SUCCESS` when the server closes first); only a decision that completed has set anything.
public enum AGISessionEnd: Sendable, Hashable, CustomStringConvertible {
    /// Every command of the decision was answered `200` (0 commands: nothing to do).
    case completed(commands: Int)
    /// No decision before the deadline: nothing set.
    case deadline
    /// The channel hung up (`HANGUP`).
    case hangup
    /// A command was refused because the channel is dead (`511`).
    case deadChannel
    /// A command was refused (`510` unknown command, `520` usage, or another code).
    case refused(AGIReply)
    /// The peer broke the protocol (garbage, an over-long line, no `agi_request`, …).
    case protocolError(AGIProtocolError)
    /// The session outlived its time limit (a stalled peer).
    case timeLimit
    /// The peer closed the connection before the end.
    case peerClosed
    /// Refused at once: too many sessions open.
    case overloaded

    /// A bounded word for metrics and logs.
    public var outcome: String {
        switch self {
        case .completed(let commands): commands == 0 ? "nothing" : "decided"
        case .deadline: "deadline"
        case .hangup: "hangup"
        case .deadChannel: "dead_channel"
        case .refused: "refused"
        case .protocolError: "protocol_error"
        case .timeLimit: "time_limit"
        case .peerClosed: "peer_closed"
        case .overloaded: "overloaded"
        }
    }

    public var description: String {
        switch self {
        case .completed(let commands): "completed (\(commands) commands)"
        case .deadline: "no decision before the deadline"
        case .hangup: "the channel hung up"
        case .deadChannel: "the channel is dead (511)"
        case .refused(let reply): "command refused: \(AGIProtocolError.excerpt(reply.text))"
        case .protocolError(let error): "protocol error: \(error)"
        case .timeLimit: "session time limit reached"
        case .peerClosed: "the peer closed the connection"
        case .overloaded: "too many sessions"
        }
    }
}
