import AMIProtocol
import Adapters
public import Engine
import Foundation

/// The second figure of `engine bench ami`: decode + call model + rules, over a capture's bytes, each pass
/// with a fresh engine (the same Linkedids recur in every pass).
public struct EngineReplayBenchmark {
    public struct Result {
        public let passes: Int
        public let seconds: Double
        public let eventsPerPass: Int
        public let engineEventsPerPass: Int
        public let intentsPerPass: Int

        public var eventsPerSecond: Double { Double(eventsPerPass * passes) / seconds }
    }

    let bytes: [UInt8]
    let chunkSize: Int
    let generation: RuleGeneration
    let interpreter: RuleInterpreter

    /// A benchmark over `bytes`, decoded in chunks of `chunkSize`, with `generation` in force.
    public init(bytes: [UInt8], chunkSize: Int, generation: RuleGeneration, interpreter: RuleInterpreter) {
        self.bytes = bytes
        self.chunkSize = chunkSize
        self.generation = generation
        self.interpreter = interpreter
    }

    /// One pass: returns (AMI events, engine events, intents).
    public func pass() -> (events: Int, engineEvents: Int, intents: Int) {
        var engine = CallEngine(generation: generation, interpreter: interpreter)
        var decoder = AMIFrameDecoder()
        var events = 0
        var engineEvents = 0
        var intents = 0
        let arrival = Date()
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunkSize, bytes.count)
            bytes[offset..<end].withUnsafeBytes { chunk in
                decoder.decode(chunk) { output in
                    guard case .message(let message) = output, message.kind == .event else { return }
                    events += 1
                    for entry in engine.handle(message, arrival: arrival) {
                        if entry.event != nil { engineEvents += 1 }
                        intents += entry.intents.count
                    }
                }
            }
            offset = end
        }
        return (events, engineEvents, intents)
    }

    public func run(passes: Int) -> Result {
        let clock = ContinuousClock()
        var last = (events: 0, engineEvents: 0, intents: 0)
        let elapsed = clock.measure {
            for _ in 0..<passes { last = pass() }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(
            passes: passes,
            seconds: seconds,
            eventsPerPass: last.events,
            engineEventsPerPass: last.engineEvents,
            intentsPerPass: last.intents
        )
    }
}
