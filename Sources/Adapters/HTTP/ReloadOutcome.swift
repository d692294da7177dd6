/// What a rule reload requested through `POST /reload` came to.
public enum ReloadOutcome: Sendable, Hashable {
    /// The new rules are in force; the message says what was loaded (answered with 200).
    case ok(message: String)
    /// The new rules were rejected and the previous ones stay in force; the message says why (answered
    /// with 422). It is served over HTTP: no secrets.
    case failed(message: String)

    /// The message, either way.
    public var message: String {
        switch self {
        case .ok(let message), .failed(let message): message
        }
    }

    /// Whether the reload succeeded.
    public var succeeded: Bool {
        if case .ok = self { return true }
        return false
    }
}
