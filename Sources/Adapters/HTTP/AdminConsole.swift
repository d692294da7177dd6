/// Pages the admin listener serves besides metrics, health and reload: the live console and its JSON. They hold
/// phone numbers and call traces, so only the admin listener (loopback) serves them.
public protocol AdminConsole: Sendable {
    /// The `GET` routes it answers, in Hummingbird's syntax (`/`, `/calls/:id`).
    var routes: [String] { get }

    /// The answer to `GET path?query`; nil for a path it does not know (404).
    func page(path: String, query: [String: String]) async -> AdminPage?
}

/// One answer of the console.
public struct AdminPage: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// `text/html; charset=utf-8`, `application/json`, …
    public var contentType: String
    public var body: String

    /// A page.
    public init(status: Int = 200, contentType: String, body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// An HTML page.
    public static func html(_ body: String, status: Int = 200) -> AdminPage {
        AdminPage(status: status, contentType: "text/html; charset=utf-8", body: body)
    }

    /// A JSON document.
    public static func json(_ body: String, status: Int = 200) -> AdminPage {
        AdminPage(status: status, contentType: "application/json; charset=utf-8", body: body)
    }
}
