import Synchronization

/// Where the parts of the daemon report their health, and where `/healthz` reads it.
///
/// Components are named by free strings (use `HealthComponent`'s constants). Each has a healthy/unhealthy
/// state and a short detail. Safe to use from any task or thread.
///
/// Details are served over HTTP: callers must pass plain descriptions without secrets or request data
/// (write `authentication failed`, not the error that quotes the webhook URL).
///
/// ```swift
/// let health = HealthRegistry()
/// health.markUnhealthy(HealthComponent.ami, detail: "connecting")
/// // … once logged in:
/// health.markHealthy(HealthComponent.ami, detail: "logged in")
/// ```
public final class HealthRegistry: Sendable {
    private let components = Mutex<[String: ComponentHealth]>([:])

    /// An empty registry (healthy until a component reports otherwise).
    public init() {}

    /// Sets a component's state.
    public func set(_ component: String, _ health: ComponentHealth) {
        components.withLock { $0[component] = health }
    }

    /// Marks a component healthy.
    public func markHealthy(_ component: String, detail: String = "ok") {
        set(component, .healthy(detail))
    }

    /// Marks a component unhealthy with a short, secret-free reason.
    public func markUnhealthy(_ component: String, detail: String) {
        set(component, .unhealthy(detail))
    }

    /// Forgets a component (it no longer counts either way).
    public func remove(_ component: String) {
        _ = components.withLock { $0.removeValue(forKey: component) }
    }

    /// One component's state, if it has reported.
    public func health(of component: String) -> ComponentHealth? {
        components.withLock { $0[component] }
    }

    /// The overall state now: every component, and which fail.
    public func report() -> HealthReport {
        HealthReport(components: components.withLock { $0 })
    }
}
