/// Durations in `queues:`: whole seconds (`20`, `20s`), minutes (`2m`) or both (`1m30s`).
enum QueueDuration {
    /// The number of seconds `text` stands for, or `nil` when it is not such a duration.
    static func seconds(_ text: String) -> Int? {
        if let plain = Int(text) { return plain >= 0 ? plain : nil }
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func number() -> Int? {
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            guard index > start, index - start <= 6 else { return nil }
            return Int(String(String.UnicodeScalarView(scalars[start..<index])))
        }
        func unit(_ letter: Unicode.Scalar) -> Bool {
            guard index < scalars.count, scalars[index] == letter else { return false }
            index += 1
            return true
        }
        guard let first = number() else { return nil }
        if unit("m") {
            if index == scalars.count { return first * 60 }
            guard let rest = number(), unit("s"), index == scalars.count else { return nil }
            return first * 60 + rest
        }
        guard unit("s"), index == scalars.count else { return nil }
        return first
    }
}
