/// Which event classes a session receives (manager.c `strings_to_mask()`).
public enum AMIEventMask: Sendable, Hashable {
    /// Every class the user may read (`on`).
    case on
    /// No events (`off`).
    case off
    /// A list of class labels, e.g. `["call", "agent"]`.
    case classes([String])

    /// The header value.
    public var headerValue: String {
        switch self {
        case .on: "on"
        case .off: "off"
        case .classes(let labels): labels.joined(separator: ",")
        }
    }
}
