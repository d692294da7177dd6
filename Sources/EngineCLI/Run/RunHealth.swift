import Synchronization

/// The health of the daemon's parts, as `/healthz` reports it.
final class RunHealth: Sendable {
    enum Part: String, Sendable, CaseIterable {
        case ami, portal, storage, rules
    }

    private let parts = Mutex<[Part: (healthy: Bool, detail: String)]>([:])

    func set(_ part: Part, healthy: Bool, detail: String) {
        parts.withLock { $0[part] = (healthy, detail) }
    }

    /// The failing parts, by name, with their details.
    var failing: [(String, String)] {
        parts.withLock { parts in
            Part.allCases.compactMap { part in
                guard let state = parts[part], !state.healthy else { return nil }
                return (part.rawValue, state.detail)
            }
        }
    }
}
