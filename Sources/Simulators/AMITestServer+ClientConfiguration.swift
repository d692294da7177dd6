import AMIProtocol
public import Adapters
import Synchronization

extension AMITestServer {
    /// How a test's client reaches this server: loopback, its port, its user and secret (plain login), a 5 s action
    /// timeout, no keepalive ping, and `backoff` between reconnects.
    public func clientConfiguration(
        backoff: AMIReconnectBackoff = AMIReconnectBackoff(initial: .milliseconds(10), maximum: .milliseconds(50))
    ) -> AMIClientConfiguration {
        let configuration = state.withLock { $0.configuration }
        return AMIClientConfiguration(
            host: "127.0.0.1",
            port: port,
            credentials: AMICredentials(username: configuration.username, secret: configuration.secret, method: .plain),
            actionTimeout: .seconds(5),
            pingInterval: nil,
            backoff: backoff
        )
    }
}
