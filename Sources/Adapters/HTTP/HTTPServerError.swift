/// Why an admin or public listener is not serving.
public enum HTTPServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The listener could not bind or start (address in use, not permitted, unknown host).
    case listenFailed(address: String, reason: String)
    /// The listener stopped (or never started) before it was bound.
    case notListening(address: String)
    /// `run()` was called a second time; a server runs once.
    case alreadyStarted(address: String)

    public var description: String {
        switch self {
        case .listenFailed(let address, let reason): "could not listen on \(address): \(reason)"
        case .notListening(let address): "the listener for \(address) is not running"
        case .alreadyStarted(let address): "the listener for \(address) was already started"
        }
    }
}
