/// What a message is, decided by its first key (never by the presence of an ActionID).
public enum AMIMessageKind: Sendable, Hashable {
    /// First key `Response`: the reply to an action.
    case response
    /// First key `Event`: an event (including list items and `OriginateResponse`).
    case event
    /// First key `Action`: a client's request (seen in two-way transcripts and by the test server).
    case action
    /// Any other first key, or no key at all (only unparsed lines).
    case unknown

    init(firstKey key: UnsafeBufferPointer<UInt8>) {
        if AMIASCII.equalsIgnoringCase(key, "Event") {
            self = .event
        } else if AMIASCII.equalsIgnoringCase(key, "Response") {
            self = .response
        } else if AMIASCII.equalsIgnoringCase(key, "Action") {
            self = .action
        } else {
            self = .unknown
        }
    }
}
