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

    static func relation(of later: DeliveryCommand, to earlier: DeliveryCommand) -> Relation {
        if later.bindings.values.contains(where: { $0.step == earlier.step }) { return .reads }
        if earlier.kind == .finish { return .after }
        if later.kind == .finish, earlier.kind.isCard { return .after }
        if later.kind.isCard, earlier.kind.isCard, sharesUsers(later, earlier) { return .after }
        return .independent
    }

    /// Whether `later` may travel in the same batch as `earlier`, whose result it reads (`$result[key][…]`): only a
    /// card behind its register. A finish never: were the answer lost, the retried register would not find the
    /// finished call and would make a second one.
    static func canRide(_ later: DeliveryCommand, on earlier: DeliveryCommand) -> Bool {
        earlier.kind == .register && later.kind.isCard
            && later.bindings.values.allSatisfy { $0.step == earlier.step }
    }

    /// Whether two cards concern a common user (a card without `USER_ID` is the call's user: any).
    static func sharesUsers(_ one: DeliveryCommand, _ other: DeliveryCommand) -> Bool {
        guard let first = users(one), let second = users(other) else { return true }
        return !first.isDisjoint(with: second)
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
