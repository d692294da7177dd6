public import AMIProtocol
public import Foundation
public import RuleDSL

extension RuleTestInput {
    /// The AMI messages of the input, each with the time it happens on the case's virtual clock.
    /// Compact events get a `Timestamp:` of `start + at`; raw text and captures keep theirs (events
    /// without one happen at `start`).
    public func messages(start: Date) throws -> [AMIMessage] {
        switch self {
        case .capture(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RuleTestError.unreadableCapture(path)
            }
            return Self.decode([UInt8](data))
        case .ami(let text):
            return Self.decode(
                Array(
                    text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8
                )
            )
        case .events(let events):
            return events.map { event in
                var headers = event.headers.map { AMIHeader($0.name, $0.value) }
                if !headers.contains(where: { $0.name.lowercased() == "timestamp" }) {
                    let stamp = start.timeIntervalSince1970 + event.at
                    headers.insert(AMIHeader("Timestamp", String(format: "%.6f", stamp)), at: 1)
                }
                return AMIMessage(headers)
            }
        }
    }

    private static func decode(_ bytes: [UInt8]) -> [AMIMessage] {
        let banner = bytes.starts(with: Array("Asterisk Call Manager".utf8))
        var decoder = AMIFrameDecoder(expectsBanner: banner)
        var messages: [AMIMessage] = []
        decoder.decode(bytes + Array("\r\n\r\n".utf8)) { output in
            if case .message(let message) = output { messages.append(message) }
        }
        return messages
    }
}

/// Why a rule test could not run.
public enum RuleTestError: Error, CustomStringConvertible {
    case unreadableCapture(String)
    /// The case's `bitrix24_event` is not one the engine would accept.
    case invalidBitrix24Event(String)

    public var description: String {
        switch self {
        case .unreadableCapture(let path): "cannot read the capture \(path)"
        case .invalidBitrix24Event(let why): "the bitrix24_event is refused: \(why)"
        }
    }
}
