#if canImport(Glibc)
import Glibc
#endif

/// The cores the encodings are pinned to: the last `concurrency` of the cores this process may use, so the first
/// ones never run an encoder and stay for the daemon's threads (figures: README, "Recordings").
public enum EncoderCPUSet {
    /// The cores for `concurrency` encodings among `allowed` (ascending), or nil — no pinning — when they would take
    /// every core.
    public static func spare(concurrency: Int, allowed: [Int]) -> [Int]? {
        guard concurrency >= 1, allowed.count > concurrency else { return nil }
        return Array(allowed.suffix(concurrency))
    }

    /// The cores for `concurrency` encodings on this machine (see ``spare(concurrency:allowed:)``); nil off Linux.
    public static func spare(concurrency: Int) -> [Int]? {
        spare(concurrency: concurrency, allowed: allowed())
    }

    /// The cores this process may run on (Linux `sched_getaffinity`); empty off Linux or when it cannot be read.
    public static func allowed() -> [Int] {
        #if canImport(Glibc)
        var set = cpu_set_t()
        guard let call = getAffinity, call(0, MemoryLayout<cpu_set_t>.size, &set) == 0 else { return [] }
        return withUnsafeBytes(of: &set) { bytes in
            (0..<(bytes.count * 8)).filter { bytes[$0 / 8] & (1 << ($0 % 8)) != 0 }
        }
        #else
        return []
        #endif
    }

    /// Pins process `pid` to `cores`; false when the system refused (the encoding then runs unpinned).
    @discardableResult
    public static func pin(_ pid: Int32, to cores: [Int]) -> Bool {
        #if canImport(Glibc)
        var set = cpu_set_t()
        let size = MemoryLayout<cpu_set_t>.size
        withUnsafeMutableBytes(of: &set) { bytes in
            for core in cores where core >= 0 && core < size * 8 { bytes[core / 8] |= UInt8(1 << (core % 8)) }
        }
        guard let call = setAffinity else { return false }
        return call(pid, size, &set) == 0
        #else
        return false
        #endif
    }

    #if canImport(Glibc)
    /// glibc's `sched_getaffinity` and `sched_setaffinity` (declared only under `_GNU_SOURCE`), looked up once.
    private typealias AffinityCall = @convention(c) (pid_t, Int, UnsafeMutableRawPointer?) -> Int32
    private static let getAffinity = symbol("sched_getaffinity")
    private static let setAffinity = symbol("sched_setaffinity")

    private static func symbol(_ name: String) -> AffinityCall? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: AffinityCall.self)
    }
    #endif
}
