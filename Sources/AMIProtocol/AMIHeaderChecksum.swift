/// A running checksum over decoded headers, used by `engine bench ami` to prove every header was split.
///
/// Definition (so that a test can recompute it independently): start from `0xcbf29ce484222325`; for each header,
/// in order, fold its key and then its decoded value. Folding a field of `n` bytes: `h = (h ^ n) &* p`, then for
/// each 8-byte little-endian word of the field (the last one zero-padded) `h = (h ^ word) &* p`, where
/// `p = 0x100000001b3` (FNV-1a's prime, applied to 64-bit words).
public struct AMIHeaderChecksum: Sendable, Hashable {
    /// The current value.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The number of headers folded in.
    public private(set) var headerCount = 0

    private static let prime: UInt64 = 0x100_0000_01b3

    /// Creates an empty checksum.
    public init() {}

    /// Folds every header of `message` into the checksum.
    public mutating func add(_ message: AMIMessage) {
        var state = value
        var count = 0
        message.forEachHeaderBytes { key, fieldValue in
            state = Self.fold(state, key)
            state = Self.fold(state, fieldValue)
            count += 1
        }
        value = state
        headerCount += count
    }

    @inline(__always)
    private static func fold(_ state: UInt64, _ field: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = (state ^ UInt64(field.count)) &* prime
        guard let base = field.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= field.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            hash = (hash ^ word) &* prime
            offset += 8
        }
        if offset < field.count {
            // The last 1…7 bytes, little-endian, zero-padded: loaded as 4 + 2 + 1 bytes rather than one at a time.
            var word: UInt64 = 0
            var shift: UInt64 = 0
            if field.count - offset >= 4 {
                word = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                shift = 32
                offset += 4
            }
            if field.count - offset >= 2 {
                word |=
                    UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))) << shift
                shift += 16
                offset += 2
            }
            if offset < field.count {
                word |= UInt64(field[offset]) << shift
            }
            hash = (hash ^ word) &* prime
        }
        return hash
    }
}
