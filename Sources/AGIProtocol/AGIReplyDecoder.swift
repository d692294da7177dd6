/// Reads what Asterisk sends once the environment block is done, line by line: one reply per command, and `HANGUP`
/// when the channel hangs up (res_agi.c `run_agi` sends it at any time unless `AGISIGHUP=no`, and again when the
/// session ends). A `520-` reply runs over several lines up to its `520 ` line.
public struct AGIReplyDecoder: Sendable {
    /// What one line (or the last line of a multi-line reply) gives.
    public enum Output: Sendable, Hashable {
        /// A command's reply.
        case reply(AGIReply)
        /// The channel hung up.
        case hangup
    }

    /// The most lines of one multi-line reply.
    public static let maxReplyLines = 64

    private var continued: [String] = []

    /// A decoder.
    public init() {}

    /// Takes one line; returns a reply or the hang-up notice when the line completes one.
    public mutating func consume(_ line: String) throws(AGIProtocolError) -> Output? {
        if !continued.isEmpty {
            continued.append(line)
            if line.hasPrefix("520 ") || line == "520" {
                let text = continued.joined(separator: "\n")
                continued = []
                return .reply(AGIReply(code: 520, text: text))
            }
            guard continued.count <= Self.maxReplyLines else { throw .malformedReply(continued[0]) }
            return nil
        }
        if line == "HANGUP" { return .hangup }
        if line.hasPrefix("520-") {
            continued = [line]
            return nil
        }
        guard let reply = AGIReply(line: line) else {
            if line.isEmpty { return nil }
            throw .malformedReply(line)
        }
        return .reply(reply)
    }
}
