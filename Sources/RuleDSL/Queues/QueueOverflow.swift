/// Where a call goes when an engine queue gives up on it (the maximum wait passed).
public enum QueueOverflow: Sendable, Hashable, Codable {
    /// Another engine queue, by name.
    case queue(String)
    /// A dialplan place (an IVR, voicemail, another `Queue()`): the dialplan continues there.
    case dialplan(context: String, extension: String, priority: Int)
}
