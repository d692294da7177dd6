import CoreMetrics
import HummingbirdCore
import Metrics

/// Stops accepting connections at ``HTTPListenerLimits/maximumConnections`` (further ones wait, unaccepted, in the
/// kernel's backlog) and reports the open connections (`switchboard_http_public_connections`).
struct ConnectionCap: AvailableConnectionsDelegate {
    let maximum: Int
    let gauge: Gauge
    var open = 0

    init(maximum: Int) {
        self.maximum = maximum
        self.gauge = SwitchboardMetrics.publicConnections()
    }

    mutating func connectionOpened() {
        open += 1
        gauge.record(open)
    }

    mutating func connectionClosed() {
        open -= 1
        gauge.record(open)
    }

    func isAcceptingNewConnections() -> Bool { open < maximum }
}
