import Adapters
import Testing

/// The C heap as the daemon reads and trims it (glibc on this project's machines).
@Suite("Process heap")
struct ProcessHeapTests {
    @Test("the heap is read and trimmed: memory held shows as in use, and once freed it goes back to the system")
    func readAndTrim() async throws {
        #expect(ProcessHeap.isAvailable)
        let before = try #require(ProcessHeap.read())
        #expect(before.inUse > 0 && before.resident > 0)
        // 64 MiB in 4 KiB blocks (below glibc's mmap threshold: they live in an arena), written so they are resident.
        let blocks = (0..<16_384).map { _ in
            let block = UnsafeMutableRawPointer.allocate(byteCount: 4_096, alignment: 16)
            block.initializeMemory(as: UInt8.self, repeating: 1, count: 4_096)
            return block
        }
        let holding = try #require(ProcessHeap.read())
        // Other tests run meanwhile: the check leaves them half of it.
        #expect(holding.inUse - before.inUse > 32 << 20)
        for block in blocks { block.deallocate() }
        #expect(await ProcessHeap.trim())
    }
}
