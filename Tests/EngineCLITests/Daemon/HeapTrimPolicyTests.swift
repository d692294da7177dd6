import Adapters
import Testing

@testable import SwitchboardDaemon

/// When the daemon gives freed memory back: once the resident memory the heap does not hold grew by the threshold above
/// its lowest point since the last trim.
@Suite("Heap trim policy")
struct HeapTrimPolicyTests {
    static let megabyte = 1 << 20

    static func reading(inUse: Int, resident: Int) -> ProcessHeap.Reading {
        ProcessHeap.Reading(inUse: inUse * megabyte, resident: resident * megabyte)
    }

    static func decide(_ policy: inout HeapTrimPolicy, inUse: Int, resident: Int) -> Bool {
        policy.shouldTrim(reading(inUse: inUse, resident: resident))
    }

    @Test("a burst freed and left resident calls for a trim; a steady heap does not")
    func burst() {
        var policy = HeapTrimPolicy(threshold: 8 * Self.megabyte)
        // Idle: 48 MB resident, 2 MB of heap in use; then calls come and go with the heap.
        #expect(!Self.decide(&policy, inUse: 2, resident: 48))
        #expect(!Self.decide(&policy, inUse: 60, resident: 110))
        #expect(!Self.decide(&policy, inUse: 2, resident: 52))
        // The burst is over: 100 MB resident for 40 MB in use — 14 MB more slack than the floor of 46.
        #expect(Self.decide(&policy, inUse: 40, resident: 100))
        policy.trimmed(Self.reading(inUse: 40, resident: 92))
        // What the trim could not return is the new floor: no trim every few seconds for it.
        #expect(!Self.decide(&policy, inUse: 40, resident: 92))
        #expect(!Self.decide(&policy, inUse: 38, resident: 97))
        #expect(Self.decide(&policy, inUse: 30, resident: 97))
    }

    @Test("the floor follows the slack down, so growth is measured from its lowest point")
    func floorFollowsDown() {
        var policy = HeapTrimPolicy(threshold: 8 * Self.megabyte)
        #expect(!Self.decide(&policy, inUse: 10, resident: 70))
        #expect(!Self.decide(&policy, inUse: 30, resident: 70))
        #expect(policy.floor == 40 * Self.megabyte)
        #expect(Self.decide(&policy, inUse: 22, resident: 70))
    }
}
