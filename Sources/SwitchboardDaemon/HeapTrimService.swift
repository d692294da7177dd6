import Adapters
import Logging
import ServiceLifecycle

/// Gives the memory a burst left behind back to the system: every ``interval`` it reads the heap and, when the
/// ``HeapTrimPolicy`` says the freed-but-resident memory grew enough, trims it (``ProcessHeap/trim()``). Without glibc
/// it waits for shutdown and does nothing.
struct HeapTrimService: Service {
    var interval: Duration = .seconds(5)
    var policy = HeapTrimPolicy(threshold: 8 << 20)
    let logger: Logger

    func run() async throws {
        guard ProcessHeap.isAvailable else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            var policy = self.policy
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                guard let reading = ProcessHeap.read(), policy.shouldTrim(reading) else { continue }
                let clock = ContinuousClock()
                let started = clock.now
                await ProcessHeap.trim()
                let took = clock.now - started
                let after = ProcessHeap.read() ?? reading
                policy.trimmed(after)
                logger.info(
                    "freed memory returned to the system",
                    metadata: [
                        "released_mb": "\((reading.resident - after.resident) >> 20)",
                        "resident_mb": "\(after.resident >> 20)", "in_use_mb": "\(after.inUse >> 20)",
                        "took_ms": "\(Int(took / .milliseconds(1)))",
                    ]
                )
            }
        }
    }
}
