import Foundation

/// How one attempt ended: Asterisk's `DIALSTATUS` after `Dial()`, as the dialplan reports it.
public enum QueueDialStatus: String, Sendable, Hashable, CaseIterable {
    case answer = "ANSWER"
    case noAnswer = "NOANSWER"
    case busy = "BUSY"
    case congestion = "CONGESTION"
    case channelUnavailable = "CHANUNAVAIL"
    /// The caller hung up while the member was ringing.
    case cancel = "CANCEL"
    case dontCall = "DONTCALL"
    case torture = "TORTURE"
    case invalidArguments = "INVALIDARGS"

    /// Reads a `DIALSTATUS` value, ignoring case and surrounding blanks; `nil` for anything else.
    public init?(dialStatus text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        self.init(rawValue: trimmed)
    }
}
