#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a stream of AMI bytes into messages. Works on plain bytes (no NIO types), over reads of any size.
///
/// Framing rules (as `main/manager.c` reads and writes them):
/// - a line ends at `\n`; any `\r` right before it is dropped (CRLF and bare LF alike); a lone `\r` elsewhere stays;
/// - a blank line ends a message; blank lines between messages are skipped (so `\r\n\n` list endings and the stray
///   `\n` after a `Message:` value do no harm);
/// - a header is split on its first `:`; one space after the colon is dropped, the rest of the value is kept;
///   a line without a colon is kept as an unparsed line; duplicate keys stay in order;
/// - the first line of the stream, when it has no colon, is the banner (`Asterisk Call Manager/11.0.0`);
/// - after a first header `Response: Follows` (Asterisk ≤13 `Command`), `Privilege`/`ActionID` headers are read,
///   then the body runs, blank lines included, up to a line ending in `--END COMMAND--`; a blank line before any
///   body line ends the message (a body-less Follows reply);
/// - the values Asterisk C-escapes (``AMIEscaping``) are unescaped;
/// - a message longer than ``messageSizeLimit`` yields ``AMIDecodingError/messageTooLarge(limit:)`` and its bytes are
///   dropped up to the next blank line; the decoder never buffers more than ``messageSizeLimit`` bytes.
public struct AMIFrameDecoder: Sendable {
    /// What the decoder produces.
    public enum Output: Sendable {
        /// The greeting line, e.g. `Asterisk Call Manager/11.0.0`.
        case banner(String)
        /// One complete message.
        case message(AMIMessage)
        /// A recoverable problem; decoding continues with the next message.
        case error(AMIDecodingError)
    }

    private enum Phase: Sendable {
        case idle
        case headers
        case followsHeaders
        case followsBody(bodyStart: Int)
    }

    /// The default limit for one message: 4 MiB, well above the largest `Command` output seen in the field.
    public static let defaultMessageSizeLimit = 4 << 20

    /// The largest message, in bytes, the decoder buffers before reporting it as too large.
    public let messageSizeLimit: Int

    /// Bytes currently held for a message not yet complete (never above ``messageSizeLimit``).
    public var bufferedByteCount: Int { buffer.count }
    /// The highest ``bufferedByteCount`` seen so far.
    public private(set) var peakBufferedByteCount = 0
    /// Messages reported as too large so far.
    public private(set) var oversizedMessageCount = 0
    /// Bytes thrown away while resynchronising after oversized messages.
    public private(set) var discardedByteCount = 0

    private let startsWithBanner: Bool
    private var expectsBanner: Bool
    private var buffer: [UInt8] = []
    private var messageStart = 0
    private var lineStart = 0
    private var scanIndex = 0
    private var phase = Phase.idle
    private var slots: [AMIMessage.Slot] = []
    private var kind = AMIMessageKind.unknown
    private var hasKeyedHeader = false
    private var eventNameRange = 0..<0
    private var discarding = false
    private var discardLineHasContent = false

    /// Creates a decoder.
    /// - Parameters:
    ///   - messageSizeLimit: the per-message cap, between 64 bytes and 1 GiB.
    ///   - expectsBanner: whether the stream starts with the greeting line (true for a live connection).
    public init(messageSizeLimit: Int = AMIFrameDecoder.defaultMessageSizeLimit, expectsBanner: Bool = true) {
        self.messageSizeLimit = min(max(messageSizeLimit, 64), 1 << 30)
        self.startsWithBanner = expectsBanner
        self.expectsBanner = expectsBanner
    }

    /// Feeds the next bytes of the stream, calling `emit` for each banner, message and error they complete.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer, _ emit: (Output) throws -> Void) rethrows {
        var offset = 0
        while offset < bytes.count {
            if discarding {
                offset = discard(bytes, from: offset)
                continue
            }
            let take = min(messageSizeLimit - buffer.count, bytes.count - offset)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            offset += take
            peakBufferedByteCount = max(peakBufferedByteCount, buffer.count)
            try scan(emit)
            compact()
            if buffer.count >= messageSizeLimit {
                startDiscarding()
                try emit(.error(.messageTooLarge(limit: messageSizeLimit)))
            }
        }
    }

    /// Feeds the next bytes of the stream (see ``decode(_:_:)-(UnsafeRawBufferPointer,_)``).
    public mutating func decode(_ bytes: [UInt8], _ emit: (Output) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { try decode($0, emit) }
    }

    /// Feeds the next bytes and returns what they complete.
    public mutating func decode(_ bytes: [UInt8]) -> [Output] {
        var outputs: [Output] = []
        decode(bytes) { outputs.append($0) }
        return outputs
    }

    /// Ends the stream: a trailing partial message is thrown away (a server that drops a slow client may cut the
    /// last message short). Returns how many bytes were dropped. The decoder can then be reused for a new stream.
    @discardableResult
    public mutating func finish() -> Int {
        let dropped = buffer.count
        buffer.removeAll(keepingCapacity: false)
        resetMessage()
        phase = .idle
        messageStart = 0
        lineStart = 0
        scanIndex = 0
        discarding = false
        expectsBanner = startsWithBanner
        return dropped
    }

    // MARK: Scanning

    private mutating func scan(_ emit: (Output) throws -> Void) rethrows {
        let bytes = buffer
        try bytes.withUnsafeBufferPointer { buffer in
            guard buffer.baseAddress != nil else { return }
            while scanIndex < buffer.count {
                guard let lineFeed = AMIByteSearch.firstIndex(of: 0x0A, in: buffer, from: scanIndex, to: buffer.count)
                else {
                    scanIndex = buffer.count
                    return
                }
                var contentEnd = lineFeed
                while contentEnd > lineStart && buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                try handleLine(buffer, contentEnd: contentEnd, next: lineFeed + 1, emit)
                lineStart = lineFeed + 1
                scanIndex = lineStart
            }
        }
    }

    private mutating func handleLine(
        _ buffer: UnsafeBufferPointer<UInt8>,
        contentEnd: Int,
        next: Int,
        _ emit: (Output) throws -> Void
    ) rethrows {
        let isBlank = contentEnd == lineStart
        switch phase {
        case .idle:
            if isBlank {
                messageStart = next
                return
            }
            if expectsBanner {
                expectsBanner = false
                if colonIndex(buffer, contentEnd) == nil {
                    let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<contentEnd])
                    try emit(.banner(String(decoding: line, as: UTF8.self)))
                    messageStart = next
                    return
                }
            }
            messageStart = lineStart
            phase = .headers
            addLine(buffer, contentEnd: contentEnd)
        case .headers:
            if isBlank {
                try finishMessage(buffer, end: lineStart, body: nil, emit)
                messageStart = next
            } else {
                addLine(buffer, contentEnd: contentEnd)
            }
        case .followsHeaders:
            if isBlank {
                try finishMessage(buffer, end: lineStart, body: nil, emit)
                messageStart = next
            } else if isFollowsHeader(buffer, contentEnd) {
                addLine(buffer, contentEnd: contentEnd)
            } else {
                phase = .followsBody(bodyStart: lineStart)
                try endBodyIfMarked(buffer, bodyStart: lineStart, contentEnd: contentEnd, next: next, emit)
            }
        case .followsBody(let bodyStart):
            try endBodyIfMarked(buffer, bodyStart: bodyStart, contentEnd: contentEnd, next: next, emit)
        }
    }

    private static let endCommandMarker: [UInt8] = Array("--END COMMAND--".utf8)

    private mutating func endBodyIfMarked(
        _ buffer: UnsafeBufferPointer<UInt8>,
        bodyStart: Int,
        contentEnd: Int,
        next: Int,
        _ emit: (Output) throws -> Void
    ) rethrows {
        let marker = Self.endCommandMarker
        guard contentEnd - lineStart >= marker.count,
            buffer[(contentEnd - marker.count)..<contentEnd].elementsEqual(marker)
        else { return }
        try finishMessage(buffer, end: next, body: bodyStart..<(contentEnd - marker.count), emit)
        messageStart = next
    }

    /// The first colon of the current line.
    @inline(__always)
    private func colonIndex(_ buffer: UnsafeBufferPointer<UInt8>, _ contentEnd: Int) -> Int? {
        AMIByteSearch.firstIndex(of: 0x3A, in: buffer, from: lineStart, to: contentEnd)
    }

    private func isFollowsHeader(_ buffer: UnsafeBufferPointer<UInt8>, _ contentEnd: Int) -> Bool {
        guard let colon = colonIndex(buffer, contentEnd) else { return false }
        let key = UnsafeBufferPointer(rebasing: buffer[lineStart..<colon])
        return AMIASCII.equalsIgnoringCase(key, "ActionID") || AMIASCII.equalsIgnoringCase(key, "Privilege")
    }

    private mutating func addLine(_ buffer: UnsafeBufferPointer<UInt8>, contentEnd: Int) {
        let origin = messageStart
        guard let colon = colonIndex(buffer, contentEnd) else {
            let start = UInt32(lineStart - origin)
            slots.append(
                .init(
                    keyStart: start,
                    keyEnd: start,
                    valueStart: start,
                    valueEnd: UInt32(contentEnd - origin),
                    isUnparsed: true
                )
            )
            return
        }
        var valueStart = colon + 1
        if valueStart < contentEnd && buffer[valueStart] == 0x20 { valueStart += 1 }
        var escaped = false
        if !hasKeyedHeader {
            hasKeyedHeader = true
            kind = AMIMessageKind(firstKey: UnsafeBufferPointer(rebasing: buffer[lineStart..<colon]))
            eventNameRange = (valueStart - origin)..<(contentEnd - origin)
            if kind == .response, case .headers = phase,
                AMIASCII.equalsIgnoringCase(UnsafeBufferPointer(rebasing: buffer[valueStart..<contentEnd]), "Follows")
            {
                phase = .followsHeaders
            }
        } else if colon > lineStart, buffer[colon - 1] | 0x20 == UInt8(ascii: "e"),
            let base = buffer.baseAddress, valueStart < contentEnd,
            memchr(base + valueStart, 0x5C, contentEnd - valueStart) != nil
        {
            let eventNameBytes = (eventNameRange.lowerBound + origin)..<(eventNameRange.upperBound + origin)
            let eventName = UnsafeBufferPointer(rebasing: buffer[eventNameBytes])
            escaped = AMIEscaping.isEscaped(
                key: UnsafeBufferPointer(rebasing: buffer[lineStart..<colon]),
                eventName: eventName
            )
        }
        slots.append(
            .init(
                keyStart: UInt32(lineStart - origin),
                keyEnd: UInt32(colon - origin),
                valueStart: UInt32(valueStart - origin),
                valueEnd: UInt32(contentEnd - origin),
                isUnparsed: false,
                needsUnescape: escaped
            )
        )
    }

    private mutating func finishMessage(
        _ buffer: UnsafeBufferPointer<UInt8>,
        end: Int,
        body: Range<Int>?,
        _ emit: (Output) throws -> Void
    ) rethrows {
        let bodyRange = body.map { ($0.lowerBound - messageStart)..<($0.upperBound - messageStart) }
        let message = AMIMessage(
            copying: UnsafeBufferPointer(rebasing: buffer[messageStart..<end]),
            slots: slots,
            bodyRange: bodyRange,
            kind: kind
        )
        resetMessage()
        phase = .idle
        try emit(.message(message))
    }

    private mutating func resetMessage() {
        slots.removeAll(keepingCapacity: true)
        kind = .unknown
        hasKeyedHeader = false
        eventNameRange = 0..<0
    }

    // MARK: Buffer management

    private mutating func compact() {
        let keep = messageStart
        guard keep > 0 else { return }
        buffer.removeSubrange(0..<keep)
        lineStart -= keep
        scanIndex -= keep
        messageStart = 0
        if case .followsBody(let bodyStart) = phase { phase = .followsBody(bodyStart: bodyStart - keep) }
    }

    private mutating func startDiscarding() {
        discardLineHasContent = buffer[lineStart...].contains { $0 != 0x0D }
        discardedByteCount += buffer.count
        oversizedMessageCount += 1
        buffer.removeAll(keepingCapacity: true)
        resetMessage()
        phase = .idle
        messageStart = 0
        lineStart = 0
        scanIndex = 0
        discarding = true
    }

    /// Drops bytes up to and including the next blank line; returns the offset after it (or the end of `bytes`).
    private mutating func discard(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var index = start
        while index < bytes.count {
            guard let found = memchr(base + index, 0x0A, bytes.count - index) else {
                if bytes[index..<bytes.count].contains(where: { $0 != 0x0D }) { discardLineHasContent = true }
                discardedByteCount += bytes.count - start
                return bytes.count
            }
            let lineFeed = base.distance(to: UnsafeRawPointer(found))
            if bytes[index..<lineFeed].contains(where: { $0 != 0x0D }) { discardLineHasContent = true }
            if !discardLineHasContent {
                discarding = false
                discardedByteCount += lineFeed + 1 - start
                return lineFeed + 1
            }
            discardLineHasContent = false
            index = lineFeed + 1
        }
        discardedByteCount += bytes.count - start
        return bytes.count
    }
}
