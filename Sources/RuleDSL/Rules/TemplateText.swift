/// Recognising `${…}` templates in argument text.
enum TemplateText {
    /// Whether `text` holds a `${` that is not escaped as `$${`.
    static func containsInterpolation(_ text: String) -> Bool {
        var previous: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "$", next < text.endIndex, text[next] == "{", previous != "$" { return true }
            previous = character
            index = next
        }
        return false
    }
}
