/// Bytes from Asterisk that do not follow the AGI protocol. The session that sent them is closed; others go on.
public enum AGIProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A line grew past the limit without a newline.
    case lineTooLong(limit: Int)
    /// An environment line without `name: value`, or whose name does not start with `agi_`.
    case malformedEnvironmentLine(String)
    /// More environment lines than the limit.
    case tooManyVariables(limit: Int)
    /// An environment block larger than the limit.
    case environmentTooLarge(limit: Int)
    /// The environment ended without `agi_request` (not Asterisk talking).
    case missingRequest
    /// A line that is neither a reply (`200 result=…`) nor `HANGUP`.
    case malformedReply(String)
    /// Bytes at a moment Asterisk sends none (e.g. while the session waits for the decision).
    case unexpectedInput(String)

    public var description: String {
        switch self {
        case .lineTooLong(let limit): "AGI line longer than \(limit) bytes"
        case .malformedEnvironmentLine(let line): "not an AGI environment line: \(Self.excerpt(line))"
        case .tooManyVariables(let limit): "more than \(limit) AGI environment lines"
        case .environmentTooLarge(let limit): "AGI environment block larger than \(limit) bytes"
        case .missingRequest: "the AGI environment has no agi_request"
        case .malformedReply(let line): "not an AGI reply: \(Self.excerpt(line))"
        case .unexpectedInput(let line): "unexpected AGI input: \(Self.excerpt(line))"
        }
    }

    /// The first 60 characters of `line`, printable (so a hostile client cannot write into the log).
    static func excerpt(_ line: String) -> String {
        let visible = line.unicodeScalars.prefix(60).map { scalar -> String in
            scalar.value < 0x20 || scalar.value == 0x7F ? "?" : String(scalar)
        }
        return "\"" + visible.joined() + (line.unicodeScalars.count > 60 ? "…\"" : "\"")
    }
}
