import Foundation

/// One command of a `batch`.
public struct Bitrix24BatchCommand: Sendable {
    /// A simple identifier; later commands reference this one's result as `$result[key]…`.
    public let key: String
    public let method: String
    public let params: [String: Bitrix24Value]

    public init(key: String, method: String, params: [String: Bitrix24Value] = [:]) {
        self.key = key
        self.method = method
        self.params = params
    }

    /// A reference to a field of an earlier command's result: `reference("reg", "CALL_ID")` →
    /// `$result[reg][CALL_ID]`, substituted by the portal.
    public static func reference(_ key: String, _ path: String...) -> Bitrix24Value {
        .string("$result[\(key)]" + path.map { "[\($0)]" }.joined())
    }

    /// `method?query` with PHP bracket notation, as `batch` expects it in a JSON body.
    var commandString: String {
        var pairs: [String] = []
        for key in params.keys.sorted() {
            Self.flatten(params[key] ?? .null, name: key, into: &pairs)
        }
        return pairs.isEmpty ? method : "\(method)?\(pairs.joined(separator: "&"))"
    }

    private static let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static func flatten(_ value: Bitrix24Value, name: String, into pairs: inout [String]) {
        switch value {
        case .array(let items):
            for (index, item) in items.enumerated() { flatten(item, name: "\(name)[\(index)]", into: &pairs) }
        case .object(let fields):
            for key in fields.keys.sorted() { flatten(fields[key] ?? .null, name: "\(name)[\(key)]", into: &pairs) }
        case .null: pairs.append("\(encode(name))=")
        case .bool(let flag): pairs.append("\(encode(name))=\(flag ? "1" : "0")")
        case .int(let number): pairs.append("\(encode(name))=\(number)")
        case .double(let number): pairs.append("\(encode(name))=\(number)")
        case .string(let text): pairs.append("\(encode(name))=\(encode(text))")
        }
    }
}

/// What a `batch` answered: per-command results and errors (the HTTP call itself succeeded).
public struct Bitrix24BatchResult: Sendable {
    /// Results of the commands that succeeded, by key.
    public let results: [String: Bitrix24Value]
    /// Errors of the commands that failed, by key, classified like single calls (status unknown: 200).
    public let errors: [String: Bitrix24Error]
    public let totals: [String: Int]
    public let nexts: [String: Int]

    /// Keys that neither succeeded nor failed (not run because of `halt`).
    public func notRun(of commands: [Bitrix24BatchCommand]) -> [String] {
        commands.map(\.key).filter { results[$0] == nil && errors[$0] == nil }
    }
}

extension Bitrix24Client {
    /// The most commands one `batch` may carry.
    public static let batchLimit = 50

    /// `batch`: up to 50 commands in one HTTP request (one unit of the rate limit), run in order.
    /// - Parameter halt: stop at the first failing command (default: run all).
    public func batch(_ commands: [Bitrix24BatchCommand], halt: Bool = false, retry: Bitrix24RetryPolicy = .none) async throws -> Bitrix24BatchResult {
        guard !commands.isEmpty, commands.count <= Self.batchLimit else {
            throw Bitrix24Error(method: "batch", reason: .invalidRequest("a batch carries 1 to \(Self.batchLimit) commands, not \(commands.count)"), action: .giveUp)
        }
        guard Set(commands.map(\.key)).count == commands.count,
              commands.allSatisfy({ !$0.key.isEmpty && $0.key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            throw Bitrix24Error(method: "batch", reason: .invalidRequest("batch keys must be unique simple identifiers"), action: .giveUp)
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
                method: method, reason: .portal(status: 200, code: code, description: description),
                action: Bitrix24ErrorClassifier.action(status: code == "OPERATION_TIME_LIMIT" ? 429 : 400, code: code, description: description)
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
