import AMIProtocol
public import Foundation

/// Replays the bytes of an AMI capture through a ``CallEngine``, without any network: decoded directly.
public enum CaptureReplay {
    /// The timeline of `bytes` (a `.ami` file). Events without `Timestamp:` take `arrival` (the same instant
    /// for all of them, as they would arrive in one burst).
    public static func run(_ bytes: [UInt8], engine: inout CallEngine, arrival: Date = Date()) -> [TimelineEntry] {
        var decoder = AMIFrameDecoder()
        var entries: [TimelineEntry] = []
        var messages: [AMIMessage] = []
        decoder.decode(bytes) { output in
            if case .message(let message) = output { messages.append(message) }
        }
        decoder.decode(Array("\r\n\r\n".utf8)) { output in
            if case .message(let message) = output { messages.append(message) }
        }
        for message in messages { entries += engine.handle(message, arrival: arrival) }
        return entries
    }
}
