import AMIProtocol
import Adapters
import TestSupport
import Testing

@Suite("AMI decoder robustness")
struct AMIDecoderRobustnessTests {
    static let garbageFrames = 1_000_000
    static let limit = 64 * 1024

    /// One well-formed frame per 10 garbage frames. Garbage: random bytes (binary, CR/LF/colon included),
    /// frames with no line ends, truncated and byte-mutated copies of a frame, huge blobs past the cap, and one
    /// 1 MB line. Each garbage frame is followed by a blank line, as a server would end whatever it wrote.
    @Test("10^6 random and mutated frames interleaved with well-formed ones")
    func mixedStream() {
        var random = SplitMix64(seed: 0x5EED_A111)
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

        // Pools sliced for garbage, so that building 10^6 frames stays cheap in a debug build.
        let binaryPool: [UInt8] = (0..<(1 << 16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let hugePool = binaryPool.map { $0 == 0x0A ? 0x0B : $0 }  // one line: no LF, so no blank line inside
        let printable = Array("abcdefghijklmnopqrstuvwxyz0123456789 :;/@-_=.'\"\\".utf8)
        let printablePool: [UInt8] = (0..<(1 << 16)).map { _ in printable[below(printable.count)] }
        let mutantTemplate = Array("Event: Mutant\r\nSeq: 12345\r\nCallerIDName: A\\'B\r\nData: x:y\r\n".utf8)
        let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]

        var stream: [UInt8] = []
        stream.reserveCapacity(24 << 20)
        var expected: [AMIMessage] = []
        for index in 0..<Self.garbageFrames {
            if index % 10 == 0 {
                let start = below(printablePool.count - 32)
                let data = String(decoding: printablePool[start..<(start + below(24))], as: UTF8.self)
                let message = AMIMessage([
                    AMIHeader("Event", "Probe"), AMIHeader("Seq", String(expected.count)),
                    AMIHeader("CallerIDName", "O'Brien \"\(index)\""), AMIHeader("Data", data), AMIHeader("Data", ""),
                ])
                expected.append(message)
                message.encode(into: &stream)
            }
            let kind = below(100)
            if kind < 40 {  // binary, CR/LF/colon included
                let start = below(binaryPool.count - 32)
                stream += binaryPool[start..<(start + 1 + below(16))]
            } else if kind < 60 {  // no line ends
                let start = below(printablePool.count - 32)
                stream += printablePool[start..<(start + 1 + below(24))]
            } else if kind < 80 {  // truncated
                stream += mutantTemplate[..<(1 + below(mutantTemplate.count - 1))]
            } else {  // mutated
                var copy = mutantTemplate
                for _ in 0...below(3) { copy[below(copy.count)] = UInt8(truncatingIfNeeded: random.next()) }
                stream += copy
            }
            if index % 100_000 == 50_000 {  // huge: up to three times the cap
                let size = Self.limit + 1 + below(Self.limit * 2)
                for _ in 0..<(size / hugePool.count + 1) { stream += hugePool }
            }
            if index == Self.garbageFrames / 2 {  // a 1 MB line
                stream += [UInt8](repeating: UInt8(ascii: "Z"), count: 1 << 20)
            }
            stream += separator
        }

        var decoder = AMIFrameDecoder(messageSizeLimit: Self.limit, expectsBanner: false)
        var probes: [AMIMessage] = []
        var total = 0
        var errors = 0
        var maximumBuffered = 0
        stream.withUnsafeBytes { all in
            var offset = 0
            while offset < all.count {
                let end = min(all.count, offset + 1 + below(8192))
                decoder.decode(UnsafeRawBufferPointer(rebasing: all[offset..<end])) { output in
                    switch output {
                    case .message(let message):
                        total += 1
                        if message.name == "Probe" { probes.append(message) }
                    case .error: errors += 1
                    case .banner: break
                    }
                }
                maximumBuffered = max(maximumBuffered, decoder.bufferedByteCount)
                offset = end
            }
        }

        #expect(expected.count == Self.garbageFrames / 10)
        #expect(probes.count == expected.count)
        #expect(probes == expected, "every well-formed frame comes out intact and in order")
        #expect(total > Self.garbageFrames / 2, "garbage frames come out as (unknown) messages, not crashes")
        #expect(errors == 11, "each of the 10 huge blobs and the 1 MB line hits the cap once")
        #expect(maximumBuffered <= Self.limit)
        #expect(decoder.peakBufferedByteCount <= Self.limit)
    }
}
