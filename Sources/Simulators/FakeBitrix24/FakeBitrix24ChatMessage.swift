import OrderedCollections

/// A call summary posted to a user's chat by `finish` with `ADD_TO_CHAT=1`.
public struct FakeBitrix24ChatMessage: Sendable, Equatable {
    public let userID: Int
    public let callID: String
    public let text: String
}
