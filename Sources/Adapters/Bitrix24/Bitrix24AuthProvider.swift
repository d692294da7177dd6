import Foundation

/// How requests to a Bitrix24 portal are authorised: an inbound webhook now, a local application
/// (OAuth, bitrix24-app-mode.md) later. The client knows nothing else about authentication.
public protocol Bitrix24AuthProvider: Sendable {
    /// Where to send `method` and what to add to the request.
    func authorize(method: String) async throws -> Bitrix24AuthorizedEndpoint

    /// The portal rejected our credentials with `code` (`expired_token`, `INVALID_CREDENTIALS`, …).
    /// Return `true` when the provider has fixed that (e.g. refreshed a token) and the call may be
    /// repeated once; a webhook can fix nothing.
    func credentialsRejected(code: String) async -> Bool

    /// Every secret this provider holds; the client removes them from every text it produces.
    var secrets: [String] { get }

    /// The portal, safe to print (no secret): `https://acme.bitrix24.ru`.
    var portalDescription: String { get }
}

extension Bitrix24AuthProvider {
    /// Default: nothing can be fixed (webhooks).
    public func credentialsRejected(code: String) async -> Bool { false }

    /// `text` with every secret replaced by `***`.
    public func redact(_ text: String) -> String {
        secrets.filter { !$0.isEmpty }.reduce(text) { partial, secret in
            partial.replacingOccurrences(of: secret, with: "***")
        }
    }
}

/// The URL of one call, and what the provider adds to it (e.g. `auth=<token>` for OAuth).
public struct Bitrix24AuthorizedEndpoint: Sendable {
    /// The full URL to POST to.
    public var url: String
    /// Parameters merged into the JSON body (OAuth `auth`); empty for webhooks.
    public var bodyParameters: [String: Bitrix24Value]
    /// Extra HTTP headers (e.g. `Authorization: Bearer …`).
    public var headers: [(name: String, value: String)]

    /// An endpoint; webhooks need only the URL.
    public init(
        url: String,
        bodyParameters: [String: Bitrix24Value] = [:],
        headers: [(name: String, value: String)] = []
    ) {
        self.url = url
        self.bodyParameters = bodyParameters
        self.headers = headers
    }
}
