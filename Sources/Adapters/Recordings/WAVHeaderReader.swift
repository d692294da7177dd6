/// Reads a wav file's RIFF header (`RIFF` … `WAVE`, the `fmt ` chunk, the `data` chunk's place and size) through
/// `read(offset, count)`, so a hostile file costs a few small reads: at most ``maxChunks`` chunks are walked, and a
/// chunk's size only moves the offset.
public struct WAVHeaderReader {
    /// Chunks walked before `data` at most.
    public static let maxChunks = 64

    /// The file's size in bytes.
    let fileSize: Int64
    /// Reads up to `count` bytes at `offset` (fewer at the end of the file).
    let read: (_ offset: Int64, _ count: Int) throws -> [UInt8]

    /// A reader over a file of `fileSize` bytes.
    public init(fileSize: Int64, read: @escaping (_ offset: Int64, _ count: Int) throws -> [UInt8]) {
        self.fileSize = fileSize
        self.read = read
    }

    /// The format, or why the file cannot be converted.
    public func format() throws -> WAVFormat {
        guard fileSize > 0 else { throw WAVFormatError.empty }
        let riff = try read(0, 12)
        guard riff.count == 12, riff[0..<4].elementsEqual("RIFF".utf8), riff[8..<12].elementsEqual("WAVE".utf8) else {
            throw WAVFormatError.corrupt("no RIFF/WAVE header")
        }
        var offset: Int64 = 12
        var fmt: (tag: Int, channels: Int, rate: Int, bits: Int)?
        for _ in 0..<Self.maxChunks {
            let head = try read(offset, 8)
            guard head.count == 8 else { break }
            let size = Int64(Self.uint32(head, 4))
            let body = offset + 8
            if head[0..<4].elementsEqual("fmt ".utf8) {
                let bytes = try read(body, Int(min(size, 40)))
                guard size >= 16, bytes.count >= 16 else { throw WAVFormatError.corrupt("`fmt ` chunk too short") }
                var tag = Self.uint16(bytes, 0)
                if tag == 0xFFFE, bytes.count >= 26 { tag = Self.uint16(bytes, 24) }  // WAVE_FORMAT_EXTENSIBLE
                fmt = (tag, Self.uint16(bytes, 2), Int(Self.uint32(bytes, 4)), Self.uint16(bytes, 14))
            } else if head[0..<4].elementsEqual("data".utf8) {
                guard let fmt else { throw WAVFormatError.corrupt("`data` before `fmt `") }
                return try Self.format(fmt, dataOffset: body, declared: size, fileSize: fileSize)
            }
            offset = body + size + (size & 1)  // chunks are padded to an even size
            guard offset < fileSize else { break }
        }
        throw WAVFormatError.corrupt(fmt == nil ? "no `fmt ` chunk" : "no `data` chunk")
    }

    static func format(
        _ fmt: (tag: Int, channels: Int, rate: Int, bits: Int),
        dataOffset: Int64,
        declared: Int64,
        fileSize: Int64
    ) throws -> WAVFormat {
        guard fmt.tag == 1 else { throw WAVFormatError.unsupported("format tag \(fmt.tag), not PCM") }
        guard fmt.bits == 16 else { throw WAVFormatError.unsupported("\(fmt.bits)-bit samples, not 16-bit") }
        guard fmt.channels == 1 || fmt.channels == 2 else {
            throw WAVFormatError.unsupported("\(fmt.channels) channels")
        }
        guard WAVFormat.supportedSampleRates.contains(fmt.rate) else {
            throw WAVFormatError.unsupported("\(fmt.rate) Hz")
        }
        let available = max(0, fileSize - dataOffset)
        let truncated = declared == 0 || declared > available
        let frame = Int64(fmt.channels * 2)
        let length = (truncated ? available : declared) / frame * frame
        guard length > 0 else { throw WAVFormatError.empty }
        return WAVFormat(
            sampleRate: fmt.rate,
            channels: fmt.channels,
            bitsPerSample: 16,
            dataOffset: dataOffset,
            dataLength: length,
            truncated: truncated
        )
    }

    static func uint16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }

    static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
