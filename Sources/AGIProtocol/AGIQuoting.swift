/// Writes one command argument so that Asterisk's `parse_args` (res_agi.c) reads it back as exactly one argument with
/// exactly this text: in double quotes, with `\` and `"` escaped by a backslash. Spaces, tabs, `,`, `(`, `)`, `$`, `;`
/// and non-ASCII text pass through as data. CR, LF and NUL cannot be written (they would end the line or the C
/// string, letting a value inject a second command) and are refused.
public enum AGIQuoting {
    /// The longest quoted argument, in bytes (Asterisk reads lines of at most 8 KiB).
    public static let maxArgumentLength = 4096

    /// `text` quoted for an AGI command line.
    /// - Parameter argument: what the text is, for the error message.
    public static func quoted(_ text: String, argument: String) throws(AGICommandError) -> String {
        var output = "\""
        var length = 0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r", "\n", "\0": throw .unsafeCharacter(argument: argument)
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            default: output.unicodeScalars.append(scalar)
            }
            length += scalar.utf8.count
            guard length <= maxArgumentLength else { throw .tooLong(argument: argument, limit: maxArgumentLength) }
        }
        return output + "\""
    }

    /// Whether `name` is a variable name Asterisk sets as such: `NAME`, `_NAME` or `__NAME` (inherited by the channels
    /// it creates) of letters, digits and `_`, or a dialplan function `FUNC(args)` whose arguments are letters, digits
    /// and `_ , . -`; at most 80 characters.
    public static func isVariableName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 80 else { return false }
        var bytes = Substring(name).utf8[...]
        var arguments: Substring.UTF8View.SubSequence?
        if let open = bytes.firstIndex(of: UInt8(ascii: "(")) {
            guard bytes.last == UInt8(ascii: ")") else { return false }
            arguments = bytes[bytes.index(after: open)..<bytes.index(before: bytes.endIndex)]
            bytes = bytes[..<open]
        }
        let core = bytes.drop { $0 == UInt8(ascii: "_") }
        guard bytes.count - core.count <= 2, let first = core.first, isLetter(first),
            core.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") })
        else { return false }
        guard let arguments else { return true }
        return arguments.allSatisfy {
            isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".")
                || $0 == UInt8(ascii: "-")
        }
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
