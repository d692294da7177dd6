public import Engine

/// Where the pipeline keeps the calls in progress, so that a restart can finish them (``CallStateStore``).
public protocol CallStatePersistence: Sendable {
    /// Saves (inserts or replaces) these calls.
    func save(_ calls: [SavedCall]) throws
    /// Forgets these calls (ended).
    func remove(_ ids: [String]) throws
    /// Every saved call.
    func load() throws -> [SavedCall]
}
