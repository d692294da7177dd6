/// Why no answer came.
public enum Bitrix24TransportFailure: Sendable, Equatable, CustomStringConvertible {
    /// Could not connect (refused, unreachable, DNS, TLS handshake): the request was not sent.
    case cannotConnect(String)
    /// Connected, but no complete answer within the timeout.
    case timedOut
    /// The connection closed before a complete answer.
    case connectionClosed
    /// Anything else from the HTTP stack (already redacted).
    case other(String)

    /// `false` only when the request was provably not sent.
    public var mayHaveReachedPortal: Bool {
        if case .cannotConnect = self { return false }
        return true
    }

    /// Operator-facing text (no URL).
    public var description: String {
        switch self {
        case .cannotConnect(let detail): "cannot connect (\(detail))"
        case .timedOut: "no answer within the timeout"
        case .connectionClosed: "connection closed before an answer"
        case .other(let detail): "transport error (\(detail))"
        }
    }
}
