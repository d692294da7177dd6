import AMIProtocol
import Adapters
import Foundation
import Simulators
import TestSupport
import Testing

/// Item 9 of the hardening issue (the smaller ones): the reconnect back-off starts over only after a link that was
/// stable; a session that logs in and drops at once keeps backing off.
@Suite("AMI reconnect back-off")
struct ReconnectBackoffStabilityTests {
    @Test func smallerOnesBackoffResetsOnlyAfterAStableSession() {
        let backoff = AMIReconnectBackoff(stableAfter: .seconds(30))
        #expect(backoff.firstAttempt(afterSessionOf: .seconds(2), streak: 3) == 3)
        #expect(backoff.firstAttempt(afterSessionOf: .seconds(30), streak: 3) == 0)
    }

    /// Three sessions that drop right after the login, then a refused login: the failed attempt is numbered after
    /// the three (the back-off went on growing), or 1 when every session counts as stable.
    @Test(arguments: [(Duration.seconds(600), 4), (Duration.zero, 1)])
    func smallerOnesFlappingLinkKeepsBackingOff(stableAfter: Duration, expectedAttempt: Int) async throws {
        let server = try await AMITestServer.start()
        let client = AMIClient(
            configuration: server.clientConfiguration(
                backoff: AMIReconnectBackoff(
                    initial: .milliseconds(2),
                    maximum: .milliseconds(40),
                    stableAfter: stableAfter
                )
            )
        )
        let link = AsyncCollector(client.linkEvents)
        try await client.connect()
        for round in 1...3 {
            server.dropConnections()
            try await link.wait("reconnect \(round)", timeout: .seconds(30)) { changes in
                changes.count { if case .reconnected = $0 { true } else { false } } == round
            }
        }
        server.setAcceptsLogin(false)
        server.dropConnections()
        let changes = try await link.wait("a failed reconnect", timeout: .seconds(30)) { changes in
            changes.contains { if case .reconnectFailed = $0 { true } else { false } }
        }
        let attempts = changes.compactMap { change -> Int? in
            if case .reconnectFailed(let attempt, _, _) = change { attempt } else { nil }
        }
        #expect(attempts.first == expectedAttempt)
        await client.close()
        await server.stop()
    }
}
