public import AMIProtocol
public import Foundation

/// Event times: the `Timestamp:` header (epoch seconds, manager.conf `timestampevents = yes`), or arrival.
public enum AMITime {
    /// The time of `message`.
    public static func of(_ message: AMIMessage, arrival: Date) -> Date {
        guard let text = message["Timestamp"], let seconds = Double(text), seconds.isFinite, seconds > 0 else {
            return arrival
        }
        return Date(timeIntervalSince1970: seconds)
    }
}
