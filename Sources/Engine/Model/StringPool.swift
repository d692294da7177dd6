/// Text the model keeps for many calls at once, kept once: ``intern(_:)`` returns the pool's copy of an equal string
/// (a phone's interface, `Local/201@agents`, is then one allocation however many calls ring it, not one per ring).
/// Strings of 15 UTF-8 bytes or fewer are stored inline by Swift and pass through. Bounded: at ``capacity`` distinct
/// strings the pool starts over (strings already handed out stay valid; they are just no longer shared with new ones).
struct StringPool: Sendable {
    /// Distinct strings kept at most.
    let capacity: Int
    private var strings: Set<String> = []

    /// An empty pool of at most `capacity` strings.
    init(capacity: Int = 1_024) {
        self.capacity = max(1, capacity)
    }

    /// The pool's copy of `text` (`text` itself the first time).
    mutating func intern(_ text: String) -> String {
        guard text.utf8.count > 15 else { return text }
        if let index = strings.firstIndex(of: text) { return strings[index] }
        if strings.count >= capacity { strings.removeAll(keepingCapacity: true) }
        strings.insert(text)
        return text
    }
}
