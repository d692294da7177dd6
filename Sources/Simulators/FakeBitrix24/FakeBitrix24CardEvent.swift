import OrderedCollections

/// A card shown or hidden for a user (a push to the user's browser).
public struct FakeBitrix24CardEvent: Sendable, Equatable {
    public let callID: String
    public let userID: Int
    /// `true` for show (or register with `SHOW`), `false` for hide (or finish).
    public let visible: Bool
}
