public import Foundation
import OrderedCollections

/// One command the fake portal received: an HTTP request, or one command inside a `batch`.
public struct FakeBitrix24JournalEntry: Sendable {
    /// Order of arrival, from 1.
    public let sequence: Int
    /// The method, lower-cased (`telephony.externalcall.register`).
    public let method: String
    /// The parameters after decoding (query + body, bracket notation resolved, batch references substituted).
    public let params: FakeJSON
    /// HTTP status the command got (for a batch sub-command: 200 or its error status).
    public let status: Int
    /// `result` on success.
    public let result: FakeJSON?
    /// `error` / `error_description` on failure.
    public let error: (code: String, description: String)?
    /// Whether the command ran inside a `batch`.
    public let inBatch: Bool
    /// The fault injected for this request, if any.
    public let fault: FakeBitrix24Fault?
    /// When the request's head reached the portal (wall clock), before its body was read and handled: for timelines
    /// and latencies that leave out the portal's own work.
    public var receivedAt = Date()
}
