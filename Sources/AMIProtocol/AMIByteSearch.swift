#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a byte: the first 32 bytes eight at a time (SWAR, "SIMD within a register"), the rest with `memchr`.
/// AMI lines are short (about 20 bytes), where a register scan beats a `memchr` call; long runs go to `memchr`.
enum AMIByteSearch {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first `byte` in `buffer[start..<end]`, or nil: the first `registerScanLength` bytes are
    /// scanned in registers, the rest with `memchr`.
    @inline(__always)
    static func firstIndex(
        of byte: UInt8,
        in buffer: UnsafeBufferPointer<UInt8>,
        from start: Int,
        to end: Int,
        registerScanLength: Int = 128
    ) -> Int? {
        guard let base = buffer.baseAddress, start < end else { return nil }
        let raw = UnsafeRawPointer(base)
        let pattern = ones &* UInt64(byte)
        var index = start
        let registerEnd = min(end, start + registerScanLength)
        while index + 8 <= registerEnd {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) ^ pattern
            // A zero byte in `word` is a match; the lowest flagged byte is exact (borrows only flag higher bytes).
            let flags = (word &- ones) & ~word & highs
            if flags != 0 { return index + flags.trailingZeroBitCount / 8 }
            index += 8
        }
        guard index < end, let found = memchr(base + index, Int32(byte), end - index) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
