/// "Did you mean …?" hints for the rule decoder and checker (the expression checker's own
/// ``SpellingSuggestion`` does the matching).
public enum Spelling {
    /// The candidate closest to `word`, if close enough to be a plausible misspelling.
    public static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        SpellingSuggestion.closest(to: word, among: candidates)
    }

    /// "; did you mean `x`?" or "".
    public static func hint(for word: String, among candidates: some Sequence<String>) -> String {
        suggestion(for: word, among: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }
}
