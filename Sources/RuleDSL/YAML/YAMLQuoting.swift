import Foundation

/// How to quote a value so YAML reads it as the text it is.
enum YAMLQuoting {
    /// "quote it (`"…"`)", choosing the quote that needs no escaping.
    static func advice(for text: String) -> String {
        if !text.contains("\"") && !text.contains("\\") { return "quote it (`\"\(text)\"`)" }
        if !text.contains("'") { return "quote it (`'\(text)'`)" }
        return
            "quote it, doubling each `'` inside single quotes (`'\(text.replacingOccurrences(of: "'", with: "''"))'`)"
    }
}
