import Foundation

/// Caller numbers as Asterisk reports them.
enum CallerNumber {
    /// The number, or nil for the values that mean "no number": `<unknown>`, empty, `anonymous`, `Restricted`.
    static func presented(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "", "<unknown>", "anonymous", "restricted", "unknown", "unavailable": return nil
        default: return trimmed
        }
    }

    /// Whether the raw value says anything at all (a withheld number does; `<unknown>` and empty do not).
    static func isReported(_ raw: String?) -> Bool {
        guard let raw else { return false }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && trimmed != "<unknown>"
    }
}
