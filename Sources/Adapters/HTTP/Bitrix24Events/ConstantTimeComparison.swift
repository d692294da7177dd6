/// Compares a presented secret with the expected one in time that depends only on their lengths, not on where they
/// first differ, so a caller cannot find the secret byte by byte from response times.
enum ConstantTimeComparison {
    /// Whether `presented` equals `expected`.
    static func equals(_ presented: some Collection<UInt8>, _ expected: [UInt8]) -> Bool {
        var difference: UInt8 = presented.count == expected.count ? 0 : 1
        var index = 0
        for byte in presented {
            // Compare with the expected byte at this position, or with a byte of the expected value again when the
            // presented one is longer: every presented byte costs the same.
            let other = expected.isEmpty ? 0 : expected[index % expected.count]
            difference |= byte ^ other
            index += 1
        }
        return difference == 0
    }
}
