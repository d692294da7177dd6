public import AMIProtocol
public import Adapters

/// Where AMI actions of the rules go: the AMI client in the daemon.
public protocol AMIActionSending: Sendable {
    /// Sends an action and returns the reply (throws on `Response: Error`).
    func send(_ action: AMIAction, timeout: Duration?) async throws -> AMIMessage
    /// Sends an async Originate and waits for its outcome.
    func originate(_ originate: AMIOriginate, timeout: Duration?) async throws -> AMIOriginateResult
}

extension AMIClient: AMIActionSending {}
