public import Engine
public import Foundation

/// Where the pipeline keeps the calls in progress, so that a restart can finish them (``CallStateStore``).
public protocol CallStatePersistence: Sendable {
    /// Saves (inserts or replaces) these calls.
    func save(_ calls: [SavedCall], at now: Date) async throws
    /// Forgets these calls (ended).
    func remove(_ ids: [String]) async throws
}

extension CallStateStore: CallStatePersistence {}
