extension StringProtocol {
    /// The text before and after the first occurrence of `separator` (no Foundation in this module).
    func split(atFirst separator: String) -> (before: SubSequence, after: SubSequence)? {
        let needle = Array(separator.utf8)
        guard let first = needle.first else { return nil }
        var index = utf8.startIndex
        while let found = utf8[index...].firstIndex(of: first) {
            if utf8[found...].starts(with: needle) {
                let end = utf8.index(found, offsetBy: needle.count)
                guard let before = String.Index(found, within: self), let after = String.Index(end, within: self)
                else { return nil }
                return (self[startIndex..<before], self[after..<endIndex])
            }
            index = utf8.index(after: found)
        }
        return nil
    }
}
