import AMIProtocol
import Synchronization
import Testing

@testable import Adapters

/// The buffer's own rules, without a socket: the limit, pausing and resuming, the depths it reports, the end.
@Suite struct AMIEventBufferUnitTests {
    /// What the buffer reported, in order.
    final class Recorder: Sendable {
        let depths = Mutex<[Int]>([])
        let resumed = Mutex(0)
    }

    static func event(_ number: Int) -> AMIMessage {
        AMIMessage([AMIHeader("Event", "Newstate"), AMIHeader("Uniqueid", "1795564212.\(number)")])
    }

    @Test func fullAtTheLimitAndReadingResumesOnceTheConsumerTakes() async {
        let recorder = Recorder()
        let buffer = AMIEventBuffer(limit: 3) { depth in recorder.depths.withLock { $0.append(depth) } }
        #expect(buffer.append(Self.event(1)))
        #expect(buffer.append(Self.event(2)))
        #expect(!buffer.append(Self.event(3)), "the third event fills it")
        buffer.pauseReading { recorder.resumed.withLock { $0 += 1 } }
        #expect(recorder.resumed.withLock { $0 } == 0, "paused while full")
        #expect(!buffer.append(Self.event(4)), "what the reads in flight bring is kept, never dropped")
        #expect(buffer.depth == 4)
        #expect(await buffer.takeAll() == (1...4).map(Self.event))
        #expect(recorder.resumed.withLock { $0 } == 1, "taking resumes reading once")
        #expect(buffer.depth == 0)
        #expect(recorder.depths.withLock { $0 } == [1, 2, 3, 4, 0])
    }

    @Test func pausingABufferTheConsumerAlreadyDrainedResumesAtOnce() async {
        let resumed = Mutex(false)
        let buffer = AMIEventBuffer(limit: 1)
        #expect(!buffer.append(Self.event(1)))
        _ = await buffer.takeAll()
        buffer.pauseReading { resumed.withLock { $0 = true } }
        #expect(resumed.withLock { $0 })
    }

    @Test func finishingWakesTheConsumerLetsItDrainAndResumesReading() async {
        let resumed = Mutex(false)
        let buffer = AMIEventBuffer(limit: 1)
        async let firstTake = buffer.takeAll()
        #expect(!buffer.append(Self.event(1)))
        #expect(await firstTake == [Self.event(1)])
        #expect(!buffer.append(Self.event(2)))
        buffer.pauseReading { resumed.withLock { $0 = true } }
        buffer.finish()
        #expect(resumed.withLock { $0 }, "a finished buffer holds nothing back")
        #expect(await buffer.takeAll() == [Self.event(2)], "what was left is taken first")
        #expect(await buffer.takeAll() == nil)
    }
}
