import OrderedCollections

/// A call summary posted to a user's chat by `finish` with `ADD_TO_CHAT=1`.
public struct FakeBitrix24ChatMessage: Sendable, Equatable {
    /// The chat's owner (the finishing user).
    public let userID: Int
    /// The finished call.
    public let callID: String
    /// The summary text.
    public let text: String
}
