import TestSupport

/// Mutates YAML text the way people and hostile inputs break it: YAML-significant characters
/// inserted, lines deleted, duplicated, swapped, re-indented, truncated, invalid bytes.
struct YAMLMutator {
    var random: SplitMix64

    private static let interesting: [[UInt8]] =
        [
            ":", ": ", "-", "- ", "{", "}", "[", "]", ",", "!", "&", "*", "#", " #", "\t", "\"", "'", "|", ">",
            "?", "%", "@", "`", "\n", "\r\n", "  ", "---\n", "${", "&a ", "*a", "!!str ", "\u{0}", "\u{2028}",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xEF, 0xBB, 0xBF]]

    mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        let rounds = Int.random(in: 1...3, using: &random)
        for _ in 0..<rounds { apply(&bytes) }
        return bytes
    }

    private mutating func apply(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else {
            bytes = Self.interesting.randomElement(using: &random) ?? []
            return
        }
        let position = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<8, using: &random) {
        case 0, 1:
            let insertion = Self.interesting.randomElement(using: &random) ?? []
            bytes.insert(contentsOf: insertion, at: position)
        case 2:
            bytes.remove(at: position)
        case 3:
            bytes[position] = UInt8.random(in: 0...255, using: &random)
        case 4:
            bytes.removeSubrange(position...)
        default:
            mutateLines(&bytes)
        }
    }

    private mutating func mutateLines(_ bytes: inout [UInt8]) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        guard lines.count > 1 else { return }
        let a = Int.random(in: 0..<lines.count, using: &random)
        let b = Int.random(in: 0..<lines.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: lines.remove(at: a)
        case 1: lines.insert(lines[a], at: b)
        case 2: lines.swapAt(a, b)
        default: lines[a] = Array("  ".utf8) + lines[a]
        }
        bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }
}
