import Logging
import ServiceLifecycle

extension ServiceGroup {
    /// The services of a bench rig as one group: no signal handling (the rig stops it), its own log discarded.
    static func bench(_ services: [any Service]) -> ServiceGroup {
        ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [],
                logger: .discarding("switchboard.lifecycle", level: .error)
            )
        )
    }
}
