import Simulators
import TestSupport

/// The FastAGI environment blocks recorded from a real Asterisk 22 (captures/agi/).
enum AGIFixtures {
    /// `AGI(agi://127.0.0.1/route)` from the caller's channel of the test PBX's `incoming` context.
    static let route = AGIEnvironmentFixture(bytes: (try? RepositoryFiles.bytes("captures/agi/route.agi")) ?? [])
}
