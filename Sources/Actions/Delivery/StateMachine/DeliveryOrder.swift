import Adapters

/// What a command must wait for among the earlier pending commands of its call — the order that matters, and only
/// that (issue 14): a card needs the call's CALL_ID (the register's result, which may travel in the same batch as
/// `$result[…]`); a show or hide of a user comes after the earlier show or hide of the same user; a finish after
/// every earlier show and hide; everything after a finish waits for it (a late card is answered `false`, an
/// attachRecord needs the finished call). Independent commands — shows to different users, the CRM search, a lead,
/// the register — go together.
enum DeliveryOrder {
    /// How `later` relates to the earlier pending command `earlier` of the same call.
    enum Relation: Equatable {
        /// Independent: `later` may go before, with or after it.
        case independent
        /// `later` may go only after `earlier` is settled.
        case after
        /// `later` reads `earlier`'s result: after it, or in the same batch right behind it when
        /// ``canRide(_:on:)`` allows.
        case reads
    }

    /// What ordering needs to know of a command, worked out once when it is queued.
    struct Facts {
        let kind: DeliveryCommandKind
        let step: String
        /// The steps whose results it reads.
        let reads: [String]
        /// A card's users (nil: any — the call's user).
        let users: Set<Int>?
        /// It goes in a request of its own: an attachRecord, or data holding `$result[` that a `batch` would take
        /// for a reference (it must reach the portal verbatim).
        let alone: Bool

        init(_ command: DeliveryCommand) {
            kind = command.kind
            step = command.step
            reads = command.bindings.values.map(\.step)
            users = kind.isCard ? DeliveryOrder.users(command) : nil
            alone = kind.sendsAlone || command.params.values.contains(where: Bitrix24BatchCommand.holdsReferenceText)
        }
    }

    static func relation(of later: Facts, to earlier: Facts) -> Relation {
        if later.reads.contains(earlier.step) { return .reads }
        if earlier.kind == .finish { return .after }
        if later.kind == .finish, earlier.kind.isCard { return .after }
        if later.kind.isCard, earlier.kind.isCard, sharesUsers(later.users, earlier.users) { return .after }
        return .independent
    }

    /// Whether `later` may travel in the same batch as `earlier`, whose result it reads (`$result[key][…]`): only a
    /// card behind its register. A finish never: were the answer lost, the retried register would not find the
    /// finished call and would make a second one.
    static func canRide(_ later: Facts, on earlier: Facts) -> Bool {
        earlier.kind == .register && !earlier.alone && later.kind.isCard && !later.alone
            && later.reads.allSatisfy { $0 == earlier.step }
    }

    /// Whether two cards concern a common user (a card without `USER_ID` is the call's user: any).
    static func sharesUsers(_ one: Set<Int>?, _ other: Set<Int>?) -> Bool {
        guard let one, let other else { return true }
        return !one.isDisjoint(with: other)
    }

    static func users(_ command: DeliveryCommand) -> Set<Int>? {
        switch command.params["USER_ID"] {
        case .array(let values)?:
            let ids = values.compactMap(\.intValue)
            return ids.count == values.count ? Set(ids) : nil
        case let value?: return value.intValue.map { [$0] }
        case nil: return nil
        }
    }
}
