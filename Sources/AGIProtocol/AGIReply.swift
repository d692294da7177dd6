/// Asterisk's answer to one AGI command (res_agi.c `ast_agi_send`): `200 result=1`, `200 result=1 (value)`,
/// `510 Invalid or unknown command`, `511 Command Not Permitted on a dead channel or intercept routine`, `520 …`
/// (usage, possibly over several lines).
public struct AGIReply: Sendable, Hashable, CustomStringConvertible {
    /// The status code: 200 success, 510 unknown command, 511 dead channel, 520 usage.
    public var code: Int
    /// The `result=` value (`1`, `0`, `-1`, …), when given.
    public var result: String?
    /// The text in parentheses after the result (`GET VARIABLE`'s value), when given.
    public var data: String?
    /// The whole reply as received (lines joined with `\n`).
    public var text: String

    /// A reply from its parts.
    public init(code: Int, result: String? = nil, data: String? = nil, text: String) {
        self.code = code
        self.result = result
        self.data = data
        self.text = text
    }

    /// Whether Asterisk ran the command (`200`).
    public var isSuccess: Bool { code == 200 }

    /// `511`: the channel hung up (or runs an intercept routine); commands that need it are refused.
    public var isDeadChannel: Bool { code == 511 }

    public var description: String { text }

    /// Parses a one-line reply; nil when the line is not `NNN …`.
    public init?(line: String) {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-"),
            let code = Int(String(decoding: bytes[0...2], as: UTF8.self))
        else { return nil }
        self.init(code: code, text: line)
        var rest = Substring(line.dropFirst(min(4, line.count)))
        guard rest.hasPrefix("result=") else { return }
        rest = rest.dropFirst("result=".count)
        let value = rest.prefix { $0 != " " }
        result = String(value)
        rest = rest.dropFirst(value.count).drop { $0 == " " }
        if rest.hasPrefix("("), let close = rest.lastIndex(of: ")") {
            data = String(rest[rest.index(after: rest.startIndex)..<close])
        }
    }
}
