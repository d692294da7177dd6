import Foundation

extension Bitrix24Client {
    /// The most commands one `batch` may carry.
    public static let batchLimit = 50

    /// `batch`: up to 50 commands in one HTTP request (one unit of the rate limit), run in order.
    /// - Parameter halt: stop at the first failing command (default: run all).
    public func batch(
        _ commands: [Bitrix24BatchCommand],
        halt: Bool = false,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> Bitrix24BatchResult {
        guard !commands.isEmpty, commands.count <= Self.batchLimit else {
            throw Bitrix24Error(
                method: "batch",
                reason: .invalidRequest("a batch carries 1 to \(Self.batchLimit) commands, not \(commands.count)"),
                action: .giveUp
            )
        }
        guard Set(commands.map(\.key)).count == commands.count,
            commands.allSatisfy({ !$0.key.isEmpty && $0.key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } })
        else {
            throw Bitrix24Error(
                method: "batch",
                reason: .invalidRequest("batch keys must be unique simple identifiers"),
                action: .giveUp
            )
        }
        // The portal runs commands in body order; a Swift dictionary has none, so the body is ordered by hand.
        let body = Bitrix24RequestBody(ordered: [
            ("halt", .value(.int(halt ? 1 : 0))),
            ("cmd", .ordered(commands.map { ($0.key, .value(.string($0.commandString))) })),
        ])
        let response = try await call("batch", body: body, retry: retry)
        let answer = response.result
        func map(_ key: String) -> [String: Bitrix24Value] { answer[key]?.objectValue ?? [:] }
        var errors: [String: Bitrix24Error] = [:]
        for (key, value) in map("result_error") {
            let code = value["error"]?.stringValue ?? ""
            let description = auth.redact(value["error_description"]?.stringValue ?? "")
            let method = commands.first { $0.key == key }?.method ?? "batch"
            errors[key] = Bitrix24Error(
                method: method,
                reason: .portal(status: 200, code: code, description: description),
                action: Bitrix24ErrorClassifier.action(
                    status: code == "OPERATION_TIME_LIMIT" ? 429 : 400,
                    code: code,
                    description: description
                )
            )
        }
        return Bitrix24BatchResult(
            results: map("result"),
            errors: errors,
            totals: map("result_total").compactMapValues(\.intValue),
            nexts: map("result_next").compactMapValues(\.intValue)
        )
    }
}
