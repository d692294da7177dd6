/// `telephony.externalcall.searchcrmentities`: the CRM entities of a phone number — contacts, then leads, then
/// companies.
public struct Bitrix24CrmSearchRequest: Bitrix24Request, Hashable {
    /// `PHONE_NUMBER`.
    public var phoneNumber: String

    /// A search for `phoneNumber`.
    public init(phoneNumber: String) {
        self.phoneNumber = phoneNumber
    }

    public var method: String { "telephony.externalcall.searchcrmentities" }

    public var parameters: [String: Bitrix24Value] { ["PHONE_NUMBER": .string(phoneNumber)] }

    /// The matches in the portal's order; items without an entity type and id are left out; `[]` when none.
    public static func answer(from result: Bitrix24Value) -> [Bitrix24CrmMatch] {
        (result.arrayValue ?? []).compactMap(Bitrix24CrmMatch.init)
    }
}
