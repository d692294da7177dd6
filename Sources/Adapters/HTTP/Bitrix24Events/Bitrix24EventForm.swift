import Foundation

/// The body of an event Bitrix24 posts: `application/x-www-form-urlencoded` in PHP's bracket notation
/// (`data[PHONE_NUMBER]=…&auth[application_token]=…`), read leniently.
///
/// Hummingbird's `URLEncodedFormDecoder` is strict where Bitrix24 is not: it refuses a repeated key and arrays of
/// objects (`data[CRM_CREATED_ENTITIES][0][ENTITY_TYPE]`, sent when Bitrix24 created a lead), so the form is read here:
/// every `name=value` pair is percent-decoded (`+` is a space), a name `a[b][c]` becomes the path `a.b.c`, a repeated
/// name keeps its last value (as PHP does), pairs without `=` or that do not decode are skipped, and unknown keys are
/// simply kept. At most ``maximumFields`` pairs are read.
public struct Bitrix24EventForm: Sendable, Equatable {
    /// The most `name=value` pairs read from one body.
    public static let maximumFields = 256

    /// Every value by its path (`event`, `ts`, `data.PHONE_NUMBER`, `auth.application_token`, …).
    public private(set) var fields: [String: String] = [:]

    /// Reads a form body.
    public init(body: String) {
        var count = 0
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            guard count < Self.maximumFields else { break }
            count += 1
            guard let equals = pair.firstIndex(of: "="),
                let name = Self.decode(pair[..<equals]), let value = Self.decode(pair[pair.index(after: equals)...]),
                let path = Self.path(of: name)
            else { continue }
            fields[path] = value
        }
    }

    /// The value at `path`.
    public subscript(path: String) -> String? { fields[path] }

    /// The fields under `group` (`data`, `auth`) that hold a single value, by their name inside it
    /// (`data[PHONE_NUMBER]` → `PHONE_NUMBER`); nested ones (`data[CRM_CREATED_ENTITIES][0][…]`) are left out.
    public func group(_ group: String) -> [String: String] {
        let prefix = group + "."
        var result: [String: String] = [:]
        for (path, value) in fields where path.hasPrefix(prefix) {
            let name = path.dropFirst(prefix.count)
            if !name.contains(".") { result[String(name)] = value }
        }
        return result
    }

    /// `a[b][c]` → `a.b.c`; a name without brackets is its own path; nil for a malformed one (`a[b`, `a]`, `[x]`).
    static func path(of name: String) -> String? {
        guard let open = name.firstIndex(of: "[") else {
            return name.isEmpty || name.contains("]") || name.contains(".") ? nil : name
        }
        var parts = [String(name[..<open])]
        guard !parts[0].isEmpty else { return nil }
        var rest = name[open...]
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
            let part = rest[rest.index(after: rest.startIndex)..<close]
            guard !part.contains("["), !part.contains(".") else { return nil }
            parts.append(String(part))
            rest = rest[rest.index(after: close)...]
        }
        return parts.joined(separator: ".")
    }

    /// Percent-decoding with `+` as a space; nil when the text does not decode to UTF-8.
    static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
