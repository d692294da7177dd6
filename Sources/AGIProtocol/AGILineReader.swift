/// Splits AGI bytes into lines over reads of any size: a line ends at `\n`, a `\r` right before it is dropped (Asterisk
/// writes bare `\n`; CRLF is accepted). A line longer than the limit is an error, so a client can never make the reader
/// hold more than ``maxLineLength`` bytes. Invalid UTF-8 is decoded with replacement characters.
public struct AGILineReader: Sendable {
    /// The longest line, in bytes, without its newline.
    public let maxLineLength: Int
    private var buffer: [UInt8] = []
    private var consumed = 0

    /// A reader with a line limit (at least 16 bytes).
    public init(maxLineLength: Int) {
        self.maxLineLength = max(16, maxLineLength)
    }

    /// Bytes received and not yet returned as lines.
    public var bufferedByteCount: Int { buffer.count - consumed }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if consumed > 0, consumed == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            consumed = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete line, or nil when none is complete yet.
    /// - Throws: ``AGIProtocolError/lineTooLong(limit:)`` when the pending line is over the limit.
    public mutating func nextLine() throws(AGIProtocolError) -> String? {
        guard let newline = buffer[consumed...].firstIndex(of: UInt8(ascii: "\n")) else {
            if bufferedByteCount > maxLineLength { throw .lineTooLong(limit: maxLineLength) }
            return nil
        }
        var end = newline
        if end > consumed, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end - consumed <= maxLineLength else { throw .lineTooLong(limit: maxLineLength) }
        let line = String(decoding: buffer[consumed..<end], as: UTF8.self)
        consumed = newline + 1
        if consumed > 4096, consumed * 2 > buffer.count {
            buffer.removeFirst(consumed)
            consumed = 0
        }
        return line
    }
}
