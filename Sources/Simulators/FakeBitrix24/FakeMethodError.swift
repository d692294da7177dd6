import OrderedCollections

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

    static let methodNotFound = FakeMethodError(
        status: 404,
        code: "ERROR_METHOD_NOT_FOUND",
        description: "Method not found!"
    )
}
