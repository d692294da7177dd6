import CoreMetrics
import Synchronization

extension SwitchboardMetrics {
    /// A counter the hot paths ask for on every event (a rule fired, an action run, a FastAGI session ended), kept
    /// once made: one dictionary lookup instead of the factory's, which checks the names and finds the metric again
    /// each time. Before ``bootstrap()`` the handle is a no-op and is not kept.
    static func keptCounter(_ label: String, dimensions: [(String, String)]) -> Counter {
        let key = CounterKey(label: label, dimensions: dimensions)
        if let kept = keptCounters.withLock({ $0[key] }) { return kept }
        guard isBootstrapped else { return Counter(label: label, dimensions: dimensions) }
        let counter = Counter(label: label, dimensions: dimensions)
        return keptCounters.withLock { kept in
            if let existing = kept[key] { return existing }
            kept[key] = counter
            return counter
        }
    }

    private static let keptCounters = Mutex<[CounterKey: Counter]>([:])
}

/// A counter's label and dimensions, as one key.
private struct CounterKey: Hashable {
    let label: String
    let dimensions: [String]

    init(label: String, dimensions: [(String, String)]) {
        self.label = label
        var flat: [String] = []
        flat.reserveCapacity(dimensions.count * 2)
        for (name, value) in dimensions {
            flat.append(name)
            flat.append(value)
        }
        self.dimensions = flat
    }
}
