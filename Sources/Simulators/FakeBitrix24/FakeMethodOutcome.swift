import OrderedCollections
/// What a method produced: `result` plus, for list methods, `total` and `next`.
struct FakeMethodOutput: Sendable {
    var result: FakeJSON
    var total: Int?
    var next: Int?

    init(_ result: FakeJSON, total: Int? = nil, next: Int? = nil) {
        self.result = result
        self.total = total
        self.next = next
    }
}

/// A failure as the portal reports it: HTTP status, `error`, `error_description`.
struct FakeMethodError: Error, Sendable {
    var status: Int
    /// `nil` = the configured method-level code (`""` or `ERROR_CORE`).
    var code: String?
    var description: String

    /// A `RestException` without a code: HTTP 400 with an empty (or `ERROR_CORE`) `error`.
    static func method(_ description: String) -> FakeMethodError {
        FakeMethodError(status: 400, code: nil, description: description)
    }

    static let methodNotFound = FakeMethodError(status: 404, code: "ERROR_METHOD_NOT_FOUND", description: "Method not found!")
}

/// Read-only facts a method needs besides the portal state.
struct FakeCallContext: Sendable {
    var now: Double
    var configuration: FakeBitrix24Configuration
    /// `http://127.0.0.1:<port>` — used to build `uploadUrl`.
    var baseURL: String
    var inBatch: Bool
}
