/// A snapshot of every component's health.
public struct HealthReport: Sendable, Hashable {
    /// Every component that has reported, by name.
    public var components: [String: ComponentHealth]

    /// A report over these components.
    public init(components: [String: ComponentHealth]) {
        self.components = components
    }

    /// The unhealthy components' names, sorted.
    public var failing: [String] {
        components.filter { !$0.value.isHealthy }.keys.sorted()
    }

    /// True when no component is unhealthy (also when none has reported yet).
    public var isHealthy: Bool { components.values.allSatisfy(\.isHealthy) }
}
