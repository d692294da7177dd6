import Foundation

/// One command of a `batch`.
public struct Bitrix24BatchCommand: Sendable {
    /// A simple identifier; later commands reference this one's result as `$result[key]…`.
    public let key: String
    /// The REST method (`telephony.externalcall.register`).
    public let method: String
    /// Its parameters; values may be ``reference(_:_:)``s to earlier results.
    public let params: [String: Bitrix24Value]

    /// A command named `key`.
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

    /// Whether a value holds the text `$result[` anywhere: inside a `batch` the portal would take it for a reference to
    /// an earlier command's result and substitute it, so data holding it (a caller's name, a lead title) must travel
    /// in a request of its own.
    public static func holdsReferenceText(_ value: Bitrix24Value) -> Bool {
        switch value {
        case .string(let text): text.contains("$result[")
        case .array(let items): items.contains(where: holdsReferenceText)
        case .object(let fields):
            fields.keys.contains { $0.contains("$result[") } || fields.values.contains(where: holdsReferenceText)
        case .null, .bool, .int, .double: false
        }
    }

    /// `method?query` with PHP bracket notation, as `batch` expects it in a JSON body.
    var commandString: String {
        var pairs: [String] = []
        for key in params.keys.sorted() {
            Self.flatten(params[key] ?? .null, name: key, into: &pairs)
        }
        return pairs.isEmpty ? method : "\(method)?\(pairs.joined(separator: "&"))"
    }

    private static let allowed = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

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
