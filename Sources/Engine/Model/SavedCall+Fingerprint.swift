extension SavedCall {
    /// A 128-bit digest of a saved call, to tell whether a call changed since it was last saved without keeping a copy
    /// of it: two SipHash values of the whole saved form (``Hasher``, seeded per process, so a fingerprint means
    /// nothing in another process and is never stored). Two different saved forms share a fingerprint with odds of
    /// about 2⁻¹²⁸ per comparison.
    public struct Fingerprint: Sendable, Hashable {
        let first: Int
        let second: Int
    }

    /// This saved call's fingerprint.
    public var fingerprint: Fingerprint {
        var first = Hasher()
        first.combine(0 as UInt8)
        first.combine(self)
        var second = Hasher()
        second.combine(1 as UInt8)
        second.combine(self)
        return Fingerprint(first: first.finalize(), second: second.finalize())
    }
}
