/// Reads the environment block that opens every FastAGI session, line by line: `agi_name: value` lines up to a blank
/// line (feed it the lines of an ``AGILineReader``).
///
/// Rules (res_agi.c `setup_env` writes `"%s: %s\n"`): a line is split at its first `": "` (a value may itself contain
/// `": "`); a line ending in `":"` has an empty value; names are `agi_` and letters, digits or `_`; at most
/// ``maxVariables`` lines; the block must contain `agi_request`. Anything else is a protocol error.
public struct AGIEnvironmentDecoder: Sendable {
    /// The most environment lines accepted (Asterisk sends about 25 plus one per argument).
    public let maxVariables: Int
    private var variables: [AGIEnvironmentVariable] = []

    /// A decoder accepting at most `maxVariables` lines.
    public init(maxVariables: Int) {
        self.maxVariables = max(1, maxVariables)
    }

    /// Takes one line; returns the request once its blank line arrived.
    public mutating func consume(_ line: String) throws(AGIProtocolError) -> AGIRequest? {
        if line.isEmpty {
            // Blank lines before the first variable are tolerated (a stray newline), not after it.
            guard !variables.isEmpty else { return nil }
            let request = AGIRequest(environment: variables)
            variables = []
            guard request["request"] != nil else { throw .missingRequest }
            return request
        }
        guard variables.count < maxVariables else { throw .tooManyVariables(limit: maxVariables) }
        variables.append(try Self.variable(line))
        return nil
    }

    /// `agi_name: value` (or `agi_name:` with nothing after it). The name's bytes are `[A-Za-z0-9_]`, so the first
    /// colon ends it; a space must follow unless the line ends there.
    static func variable(_ line: String) throws(AGIProtocolError) -> AGIEnvironmentVariable {
        let utf8 = line.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else { throw .malformedEnvironmentLine(line) }
        let name = utf8[..<colon]
        guard name.count > 4, name.starts(with: "agi_".utf8), name.allSatisfy(isNameByte) else {
            throw .malformedEnvironmentLine(line)
        }
        let afterColon = utf8.index(after: colon)
        guard afterColon != utf8.endIndex else { return AGIEnvironmentVariable(String(line[..<colon]), "") }
        guard utf8[afterColon] == UInt8(ascii: " ") else { throw .malformedEnvironmentLine(line) }
        return AGIEnvironmentVariable(String(line[..<colon]), String(line[utf8.index(after: afterColon)...]))
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
