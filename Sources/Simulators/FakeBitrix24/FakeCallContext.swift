import Foundation
import OrderedCollections

/// Read-only facts a method needs besides the portal state.
struct FakeCallContext: Sendable {
    var now: Double
    var configuration: FakeBitrix24Configuration
    /// `http://127.0.0.1:<port>` — used to build `uploadUrl`.
    var baseURL: String
    var inBatch: Bool
    /// When the request's head reached the portal (wall clock): the journal's `receivedAt`.
    var receivedAt = Date()
}
