import Foundation
import OrderedCollections

/// PHP `http_build_query`: bracket notation, RFC 1738 encoding (space → `+`).
enum FakeFormEncoder {
    static func encode(_ object: FakeJSONObject) -> String {
        var pairs: [String] = []
        for (key, value) in object { append(value, name: key, into: &pairs) }
        return pairs.joined(separator: "&")
    }

    private static func append(_ value: FakeJSON, name: String, into pairs: inout [String]) {
        switch value {
        case .object(let fields):
            for (key, child) in fields { append(child, name: "\(name)[\(key)]", into: &pairs) }
        case .array(let items):
            for (index, child) in items.enumerated() { append(child, name: "\(name)[\(index)]", into: &pairs) }
        case .null:
            return
        default:
            pairs.append("\(escape(name))=\(escape(value.stringValue ?? ""))")
        }
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._ "
    )

    static func escape(_ text: String) -> String {
        (text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text).replacingOccurrences(of: " ", with: "+")
    }
}
