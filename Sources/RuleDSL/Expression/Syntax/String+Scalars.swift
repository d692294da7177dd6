extension String {
    /// A string made of `scalars`, built through one UTF-8 buffer (much cheaper than appending scalar by
    /// scalar to a `UnicodeScalarView`, which the lexer and template parser would otherwise do per token).
    init(scalars: some Collection<Unicode.Scalar>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.isASCII {
                bytes.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
