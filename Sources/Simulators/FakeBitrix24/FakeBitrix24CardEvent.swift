import OrderedCollections

/// A card shown or hidden for a user (a push to the user's browser).
public struct FakeBitrix24CardEvent: Sendable, Equatable {
    /// The call whose card changed.
    public let callID: String
    /// The user who saw (or stopped seeing) it.
    public let userID: Int
    /// `true` for show (or register with `SHOW`), `false` for hide (or finish).
    public let visible: Bool
}
