import Foundation

/// A compiled regular expression for `matches()`: ICU syntax (NSRegularExpression), unanchored search
/// as in CEL (`"PJSIP/201".matches("^PJSIP/")` is true, use `^…$` for a whole-string match).
/// Immutable after creation, hence safe to share across tasks. Also usable by `|regex` matchers, so
/// that they and `matches()` agree on syntax.
public final class RegexPattern: @unchecked Sendable {
    private let regex: NSRegularExpression

    /// Compiles `pattern`, or returns the reason it is invalid.
    public static func compile(_ pattern: String) -> Result<RegexPattern, EvaluationError> {
        do {
            return .success(RegexPattern(try NSRegularExpression(pattern: pattern)))
        } catch {
            return .failure(.invalidArgument("invalid regular expression \(pattern.debugDescription)"))
        }
    }

    private init(_ regex: NSRegularExpression) {
        self.regex = regex
    }

    /// Whether the pattern matches anywhere in `text`.
    public func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}
