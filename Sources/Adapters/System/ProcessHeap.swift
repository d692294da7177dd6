import CMalloc
import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The process's C heap, where every Swift allocation lives: how much of it the program holds, how much memory the
/// process has resident, and giving freed memory back to the system. glibc keeps memory that was freed (a burst of
/// calls, then quiet) resident in its arenas until it is trimmed; ``trim()`` returns its whole free pages. Works on
/// glibc 2.33 or later (Linux); elsewhere ``isAvailable`` is false and the rest reports zeros and does nothing.
public enum ProcessHeap {
    /// One reading.
    public struct Reading: Sendable, Equatable {
        /// Bytes allocated and not freed (mallinfo2: `uordblks` + `hblkhd`).
        public var inUse: Int
        /// The process's resident memory in bytes (`/proc/self/statm`), code and libraries included.
        public var resident: Int

        /// Creates a reading.
        public init(inUse: Int, resident: Int) {
            self.inUse = inUse
            self.resident = resident
        }

        /// Resident memory the heap does not account as in use: code, libraries, stacks, and freed memory still
        /// resident (the part that grows after a burst and that ``ProcessHeap/trim()`` gives back).
        public var slack: Int { resident - inUse }
    }

    /// Whether the C library reports and trims its heap.
    public static var isAvailable: Bool { cmalloc_available() != 0 }

    /// Reads the heap and the resident memory; nil where that is not available.
    public static func read() -> Reading? {
        guard isAvailable, let resident = residentBytes() else { return nil }
        return Reading(inUse: Int(cmalloc_in_use()), resident: resident)
    }

    /// Returns the whole free pages of every arena to the system (`malloc_trim(0)`, on NIO's blocking thread pool: it
    /// walks every arena); true when some were released.
    @discardableResult
    public static func trim() async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { cmalloc_trim() != 0 }) ?? false
    }

    /// The second field of `/proc/self/statm` (resident pages), in bytes.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(getpagesize())
    }
}
