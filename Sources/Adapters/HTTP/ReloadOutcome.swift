/// What a rule reload requested through `POST /reload` came to.
public struct ReloadOutcome: Sendable, Hashable {
    /// Whether the new rules are in force (answered with 200; 422 when they were rejected and the previous ones stay).
    public var succeeded: Bool
    /// What was loaded, or why not, for people (the lint report). It is served over HTTP: no secrets.
    public var message: String
    /// The same as JSON (served for `POST /reload?format=json`), if the reloader gives one.
    public var json: String?

    /// An outcome.
    public init(succeeded: Bool, message: String, json: String? = nil) {
        self.succeeded = succeeded
        self.message = message
        self.json = json
    }

    /// The new rules are in force.
    public static func ok(message: String, json: String? = nil) -> ReloadOutcome {
        ReloadOutcome(succeeded: true, message: message, json: json)
    }

    /// The new rules were rejected; the previous ones stay in force.
    public static func failed(message: String, json: String? = nil) -> ReloadOutcome {
        ReloadOutcome(succeeded: false, message: message, json: json)
    }
}
