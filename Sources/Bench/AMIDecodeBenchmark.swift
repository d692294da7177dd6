public import AMIProtocol

/// Decode throughput over a capture, as measured by `engine bench ami`. Decoding means every header split and
/// addressable by name; the ``AMIHeaderChecksum`` over all decoded headers proves none was skipped.
public struct AMIDecodeBenchmark: Sendable {
    /// The figures of one run.
    public struct Result: Sendable {
        /// Bytes decoded per pass.
        public let bytesPerPass: Int
        /// Messages per pass.
        public let messagesPerPass: Int
        /// Events per pass.
        public let eventsPerPass: Int
        /// Headers per pass.
        public let headersPerPass: Int
        /// Passes made.
        public let passes: Int
        /// Wall time of all passes.
        public let elapsed: Duration
        /// The checksum of one pass (every pass must give the same one).
        public let checksum: UInt64

        /// Elapsed seconds.
        public var seconds: Double {
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        /// Events decoded per second.
        public var eventsPerSecond: Double { Double(eventsPerPass * passes) / seconds }
        /// Messages decoded per second.
        public var messagesPerSecond: Double { Double(messagesPerPass * passes) / seconds }
        /// Megabytes (10^6 bytes) decoded per second.
        public var megabytesPerSecond: Double { Double(bytesPerPass * passes) / seconds / 1e6 }
    }

    /// Why a benchmark could not give a trustworthy figure.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Two passes decoded the same bytes into different headers.
        case checksumMismatch(pass: Int)

        public var description: String {
            switch self {
            case .checksumMismatch(let pass): "pass \(pass) decoded different headers than pass 0"
            }
        }
    }

    /// The capture's bytes.
    public let bytes: [UInt8]
    /// The read size fed to the decoder (a socket read of 64 KiB by default).
    public let chunkSize: Int

    /// Creates a benchmark over `bytes`.
    public init(bytes: [UInt8], chunkSize: Int = 64 * 1024) {
        self.bytes = bytes
        self.chunkSize = max(1, chunkSize)
    }

    /// Decodes one pass and returns its counts and checksum.
    public func pass() -> (messages: Int, events: Int, checksum: AMIHeaderChecksum) {
        var decoder = AMIFrameDecoder()
        var checksum = AMIHeaderChecksum()
        var messages = 0
        var events = 0
        bytes.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let end = min(offset + chunkSize, all.count)
                decoder.decode(UnsafeRawBufferPointer(rebasing: all[offset..<end])) { output in
                    guard case .message(let message) = output else { return }
                    messages += 1
                    if message.kind == .event { events += 1 }
                    checksum.add(message)
                }
                offset = end
            }
        }
        return (messages, events, checksum)
    }

    /// Runs `passes` passes and times them.
    public func run(passes: Int) throws -> Result {
        let passes = max(1, passes)
        let clock = ContinuousClock()
        var first: (messages: Int, events: Int, checksum: AMIHeaderChecksum)?
        let start = clock.now
        for index in 0..<passes {
            let result = pass()
            if let first {
                guard first.checksum == result.checksum else { throw Failure.checksumMismatch(pass: index) }
            } else {
                first = result
            }
        }
        let elapsed = clock.now - start
        let reference = first ?? pass()
        return Result(
            bytesPerPass: bytes.count,
            messagesPerPass: reference.messages,
            eventsPerPass: reference.events,
            headersPerPass: reference.checksum.headerCount,
            passes: passes,
            elapsed: elapsed,
            checksum: reference.checksum.value
        )
    }
}
