/// "Did you mean": the closest candidate to a misspelt name.
enum SpellingSuggestion {
    /// The candidate with the smallest Levenshtein distance to `name`, if that distance is small enough
    /// to be a typo (at most 1 for names up to 4 characters, 2 up to 8, else 3). A candidate equal
    /// ignoring case always wins.
    static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let lowered = name.lowercased()
        let limit = name.count <= 4 ? 1 : (name.count <= 8 ? 2 : 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            if candidate.lowercased() == lowered { return candidate }
            let distance = levenshtein(
                Array(lowered.unicodeScalars),
                Array(candidate.lowercased().unicodeScalars),
                limit: limit
            )
            guard distance <= limit else { continue }
            if let current = best, (current.distance, current.name) <= (distance, candidate) { continue }
            best = (candidate, distance)
        }
        return best?.name
    }

    static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
