import Foundation

/// Inbound-webhook authentication: `https://PORTAL/rest/<user>/<secret>/<method>.json`.
/// Plain `http://` is accepted for on-premise portals (with `REST_APAUTH_ALLOW_HTTP`) and tests.
public struct Bitrix24WebhookAuth: Bitrix24AuthProvider, CustomStringConvertible {
    /// `https://acme.bitrix24.ru` (scheme, host, port; no path).
    public let portal: String
    /// The webhook's user id.
    public let userID: Int
    private let secret: String

    /// Parses a webhook URL as the portal shows it (`https://acme.bitrix24.ru/rest/1/abc123/`), with or
    /// without the trailing slash, a method name or `.json` after it.
    public init(webhookURL: String) throws(Bitrix24ConfigurationError) {
        let trimmed = webhookURL.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = components.host, !host.isEmpty
        else {
            throw Bitrix24ConfigurationError(
                "the Bitrix24 webhook URL must look like https://PORTAL/rest/<user>/<secret>/"
            )
        }
        let parts = components.path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "rest", let user = Int(parts[1]), user > 0, !parts[2].isEmpty else {
            throw Bitrix24ConfigurationError(
                "the Bitrix24 webhook URL of \(scheme)://\(host) must contain /rest/<user>/<secret>/"
            )
        }
        let port = components.port.map { ":\($0)" } ?? ""
        self.init(portal: "\(scheme)://\(host)\(port)", userID: user, secret: parts[2])
    }

    /// A webhook from its parts; `portal` is `https://host[:port]`.
    public init(portal: String, userID: Int, secret: String) {
        var base = portal
        while base.hasSuffix("/") { base.removeLast() }
        self.portal = base
        self.userID = userID
        self.secret = secret
    }

    /// `<portal>/rest/<user>/<secret>/<method>.json`.
    public func authorize(method: String) async throws -> Bitrix24AuthorizedEndpoint {
        Bitrix24AuthorizedEndpoint(url: "\(portal)/rest/\(userID)/\(secret)/\(method).json")
    }

    /// The webhook secret (for redaction).
    public var secrets: [String] { [secret] }
    /// The portal without credentials.
    public var portalDescription: String { portal }
    /// Safe to print: the secret is masked.
    public var description: String { "\(portal)/rest/\(userID)/***/" }
}

/// A configuration value that cannot work (e.g. a malformed webhook URL). Never contains the secret.
public struct Bitrix24ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, without the secret.
    public let description: String
    /// An error with this text.
    public init(_ description: String) { self.description = description }
}
