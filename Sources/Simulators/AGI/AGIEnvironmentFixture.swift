/// An environment block as a real Asterisk sent it (recorded into `captures/agi/`), with lines replaced per scenario:
/// the same bytes, order and quirks (`agi_accountcode: ` with its trailing space), another caller or channel.
///
/// ```swift
/// let block = AGIEnvironmentFixture(bytes: recorded)
///     .replacing("agi_callerid", with: "anonymous")
///     .replacing("agi_uniqueid", with: "1795564212.1")
/// ```
public struct AGIEnvironmentFixture: Sendable {
    /// The block's lines without their newlines, up to (not including) the blank line.
    public private(set) var lines: [String]

    /// The block read from recorded bytes (anything after its blank line — the session's later traffic — is left out).
    public init(bytes: [UInt8]) {
        var lines: [String] = []
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { break }
            lines.append(String(line))
        }
        self.lines = lines
    }

    /// The block with `name`'s value replaced (the line is added when missing).
    public func replacing(_ name: String, with value: String) -> AGIEnvironmentFixture {
        var copy = self
        let line = "\(name): \(value)"
        if let index = copy.lines.firstIndex(where: { $0.hasPrefix(name + ":") }) {
            copy.lines[index] = line
        } else {
            copy.lines.append(line)
        }
        return copy
    }

    /// The value of `name`, as recorded.
    public func value(_ name: String) -> String? {
        guard let line = lines.first(where: { $0.hasPrefix(name + ":") }) else { return nil }
        return String(line.dropFirst(name.count + 1).drop { $0 == " " })
    }

    /// The bytes to send: the lines, each with `\n`, and the blank line.
    public var bytes: [UInt8] { Array((lines.joined(separator: "\n") + "\n\n").utf8) }
}
