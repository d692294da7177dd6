public import AMIProtocol

/// Why a client operation failed. No case ever carries a secret.
public enum AMIClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The action was refused before sending (header injection or Asterisk's limits).
    case refused(AMIActionError)
    /// There is no logged-in connection right now.
    case notConnected
    /// The TCP connection could not be made.
    case connectionFailed(host: String, port: Int, reason: String)
    /// The connection ended before the reply arrived.
    case connectionLost(action: String)
    /// No reply (or no list completion / OriginateResponse) within the deadline.
    case timeout(action: String, after: Duration)
    /// The server did not send its banner in time.
    case noBanner(after: Duration)
    /// Login was rejected (`Response: Error`).
    case authenticationFailed(message: String?)
    /// The server answered `Response: Error`.
    case actionFailed(action: String, message: String?)
    /// The client was closed.
    case closed
    /// The task waiting for the reply was cancelled (the action may still have been sent and carried out).
    case cancelled(action: String)
    /// The event buffer stayed full (reading paused) past the stall limit; the link is dropped.
    case eventBufferStalled(after: Duration)

    public var description: String {
        switch self {
        case .refused(let error): error.description
        case .notConnected: "AMI client is not connected"
        case .connectionFailed(let host, let port, let reason): "AMI connection to \(host):\(port) failed: \(reason)"
        case .connectionLost(let action): "AMI connection lost while waiting for the reply to \(action)"
        case .timeout(let action, let after): "AMI action \(action) got no reply within \(after)"
        case .noBanner(let after): "AMI server sent no banner within \(after)"
        case .authenticationFailed(let message): "AMI login failed: \(message ?? "no message")"
        case .actionFailed(let action, let message): "AMI action \(action) failed: \(message ?? "no message")"
        case .closed: "AMI client was closed"
        case .cancelled(let action): "the wait for the reply to AMI action \(action) was cancelled"
        case .eventBufferStalled(let after):
            "AMI events were not taken for \(after) with the event buffer full; link dropped for a resync"
        }
    }
}
