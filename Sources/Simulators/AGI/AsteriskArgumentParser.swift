/// res_agi.c `parse_args`, ported: how Asterisk splits an AGI command line into arguments (`"` quotes, `\` escapes
/// the next character). The test AGI client reads commands with it, so a command it accepts is one Asterisk reads
/// alike.
public struct AsteriskArgumentParser {
    private var arguments: [[UInt8]] = []
    private var quoted = false
    private var escaped = false
    private var whitespace = true

    /// The arguments of `line`, as Asterisk reads them.
    public static func parse(_ line: String) -> [String] {
        var parser = AsteriskArgumentParser()
        for byte in line.utf8 { parser.consume(byte) }
        return parser.arguments.map { String(decoding: $0, as: UTF8.self) }
    }

    private mutating func consume(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""):
            if escaped { return normal(byte) }
            quoted.toggle()
            if quoted && whitespace {
                // Starting a quote off white space starts a new word, too.
                arguments.append([])
                whitespace = false
            }
            escaped = false
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
            if !quoted && !escaped { whitespace = true } else { normal(byte) }
        case UInt8(ascii: "\\"):
            if escaped { normal(byte) } else { escaped = true }
        default:
            normal(byte)
        }
    }

    private mutating func normal(_ byte: UInt8) {
        if whitespace {
            arguments.append([])
            whitespace = false
        }
        arguments[arguments.count - 1].append(byte)
        escaped = false
    }
}
