import Foundation
import OrderedCollections

/// Turns the four request encodings Bitrix24 accepts into one parameter map, with PHP `$_REQUEST`
/// semantics: query string first, the body wins on equal keys; bracket notation
/// (`fields[PHONE][0][VALUE]=…`, `USER_ID[]=5`) becomes nested maps and lists.
enum FakeRequestParameters {
    /// Parses a query string or `application/x-www-form-urlencoded` body.
    static func parseForm(_ text: String) -> FakeJSONObject {
        var root: FakeJSONObject = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeComponent(String(parts[0]))
            let value = parts.count > 1 ? decodeComponent(String(parts[1])) : ""
            insert(.string(value), at: name, into: &root)
        }
        return root.mapValues(normalizeLists)
    }

    /// Parses a `multipart/form-data` body; text parts become parameters, file parts are returned apart.
    static func parseMultipart(
        _ body: Data,
        boundary: String
    ) -> (fields: FakeJSONObject, files: [String: (filename: String, content: Data)]) {
        var fields: FakeJSONObject = [:]
        var files: [String: (filename: String, content: Data)] = [:]
        let delimiter = Data("--\(boundary)".utf8)
        var chunks: [Data] = []
        var searchStart = body.startIndex
        var previous: Range<Data.Index>?
        while let range = body.range(of: delimiter, in: searchStart..<body.endIndex) {
            if let previous { chunks.append(body[previous.upperBound..<range.lowerBound]) }
            previous = range
            searchStart = range.upperBound
        }
        for var chunk in chunks {
            // Each part: CRLF headers CRLF CRLF content CRLF
            if chunk.starts(with: Data("\r\n".utf8)) { chunk = chunk.dropFirst(2) }
            guard let split = chunk.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let headerText = String(decoding: chunk[chunk.startIndex..<split.lowerBound], as: UTF8.self)
            var content = chunk[split.upperBound..<chunk.endIndex]
            if content.suffix(2) == Data("\r\n".utf8) { content = content.dropLast(2) }
            guard
                let disposition = headerText.split(separator: "\r\n").first(where: {
                    $0.lowercased().hasPrefix("content-disposition:")
                })
            else { continue }
            guard let name = headerAttribute("name", in: String(disposition)) else { continue }
            if let filename = headerAttribute("filename", in: String(disposition)) {
                files[name] = (filename, Data(content))
            } else {
                insert(.string(String(decoding: content, as: UTF8.self)), at: name, into: &fields)
            }
        }
        return (fields.mapValues(normalizeLists), files)
    }

    /// Splits `fields[PHONE][0]` into `["fields", "PHONE", "0"]`; `a[]` yields an empty key (append).
    static func pathComponents(of name: String) -> [String] {
        guard let open = name.firstIndex(of: "["), open != name.startIndex else { return [name] }
        var keys = [String(name[name.startIndex..<open])]
        var rest = name[open...]
        while rest.first == "[", let close = rest.firstIndex(of: "]") {
            keys.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return keys
    }

    private static func insert(_ value: FakeJSON, at name: String, into root: inout FakeJSONObject) {
        let keys = pathComponents(of: name)
        insert(value, keys: keys[...], into: &root)
    }

    private static func insert(_ value: FakeJSON, keys: ArraySlice<String>, into map: inout FakeJSONObject) {
        guard var key = keys.first else { return }
        if key.isEmpty { key = String(map.keys.compactMap { Int($0) }.max().map { $0 + 1 } ?? 0) }
        let rest = keys.dropFirst()
        if rest.isEmpty {
            map[key] = value
            return
        }
        var child: FakeJSONObject = map[key]?.objectValue ?? [:]
        if case .string = map[key] { child = [:] }
        insert(value, keys: rest, into: &child)
        map[key] = .object(child)
    }

    /// A map whose keys are exactly `0…n-1` is a PHP list: it serialises as a JSON array.
    static func normalizeLists(_ value: FakeJSON) -> FakeJSON {
        switch value {
        case .object(let fields):
            let normalized = fields.mapValues(normalizeLists)
            let indexes = normalized.keys.compactMap { Int($0) }
            if !normalized.isEmpty, indexes.count == normalized.count,
                Set(indexes) == Set(0..<normalized.count),
                normalized.keys.allSatisfy({ String(Int($0) ?? -1) == $0 })
            {
                return .array((0..<normalized.count).map { normalized[String($0)] ?? .null })
            }
            return .object(normalized)
        case .array(let items):
            return .array(items.map(normalizeLists))
        default:
            return value
        }
    }

    /// Like ``normalizeLists(_:)`` but for the top level only.
    static func topLevelList(_ value: FakeJSON) -> FakeJSON {
        guard case .object(let fields) = value, !fields.isEmpty,
            fields.keys.elements == (0..<fields.count).map(String.init)
        else { return value }
        return .array(fields.values.elements)
    }

    /// A form component decoded: `+` is a space, `%XX` a byte; malformed escapes (or bytes that are not UTF-8) stay as
    /// written, with only the `+` decoded.
    static func decodeComponent(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            index = utf8.index(after: index)
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let end = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex),
                    utf8[index..<end].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
                    let value = UInt8(text[index..<end], radix: 16)
                else { return spaced(text) }
                bytes.append(value)
                index = end
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? spaced(text)
    }

    private static func spaced(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    private static func headerAttribute(_ attribute: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix("\(attribute)=") else { continue }
            var value = String(trimmed.dropFirst(attribute.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }
}
