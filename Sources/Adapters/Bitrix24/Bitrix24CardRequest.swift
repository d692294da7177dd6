/// `telephony.externalcall.show` / `.hide`: the call's card shown to or hidden from users (the sender adds
/// `CALL_ID`).
public struct Bitrix24CardRequest: Bitrix24Request, Hashable {
    /// Show or hide.
    public enum Change: Sendable, Hashable {
        case show, hide
    }

    /// Show or hide.
    public var change: Change
    /// `USER_ID`: the users; nil for the call's own user.
    public var userIDs: [Int]?

    /// The card shown to `userIDs` (nil: the call's user).
    public init(showingTo userIDs: [Int]?) {
        self.change = .show
        self.userIDs = userIDs
    }

    /// The card hidden from `userIDs` (nil: the call's user).
    public init(hidingFrom userIDs: [Int]?) {
        self.change = .hide
        self.userIDs = userIDs
    }

    public var method: String {
        switch change {
        case .show: "telephony.externalcall.show"
        case .hide: "telephony.externalcall.hide"
        }
    }

    public var parameters: [String: Bitrix24Value] {
        guard let userIDs else { return [:] }
        return ["USER_ID": .array(userIDs.map(Bitrix24Value.int))]
    }

    /// Whether the card changed: `false` when the portal no longer knows the call (finished or never registered) —
    /// not an error.
    public static func answer(from result: Bitrix24Value) throws(Bitrix24DecodingProblem) -> Bool {
        guard let changed = result.boolValue else { throw Bitrix24DecodingProblem("result is not a boolean") }
        return changed
    }
}
