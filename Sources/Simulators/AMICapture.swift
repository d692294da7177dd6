public import AMIProtocol
import Adapters
public import Foundation

/// A recorded AMI session (`.ami` file): its banner and messages, in order.
public struct AMICapture: Sendable {
    /// The greeting line, when the recording has one.
    public let banner: String?
    /// Every message, in order (responses, events and — in two-way transcripts — actions).
    public let messages: [AMIMessage]

    /// Decodes a capture. The end of the bytes also ends the last message (some fixtures lack the final blank line).
    public init(bytes: [UInt8]) {
        var decoder = AMIFrameDecoder()
        var banner: String?
        var messages: [AMIMessage] = []
        let collect: (AMIFrameDecoder.Output) -> Void = { output in
            switch output {
            case .banner(let line): banner = banner ?? line
            case .message(let message): messages.append(message)
            case .error: break
            }
        }
        decoder.decode(bytes, collect)
        decoder.decode(Array("\r\n\r\n".utf8), collect)
        self.banner = banner
        self.messages = messages
    }

    /// Reads and decodes a capture file.
    public init(contentsOf url: URL) throws {
        self.init(bytes: Array(try Data(contentsOf: url)))
    }

    /// The events, in order.
    public var events: [AMIMessage] { messages.filter { $0.kind == .event } }

    /// The ActionID of the Originate the recording client sent (taken from the capture's `OriginateResponse`).
    public var originateActionID: String? {
        messages.first { $0.kind == .event && $0.name == "OriginateResponse" }?.actionID
    }
}
