/// `crm.lead.update`: changes a lead's responsible user (`ASSIGNED_BY_ID`), the one field Switchboard changes.
public struct Bitrix24UpdateLeadRequest: Bitrix24Request, Hashable {
    /// `id`: the lead.
    public var leadID: Int
    /// `fields.ASSIGNED_BY_ID`: the new responsible user.
    public var assignedByID: Int

    /// A request making `assignedByID` responsible for lead `leadID`.
    public init(leadID: Int, assignedByID: Int) {
        self.leadID = leadID
        self.assignedByID = assignedByID
    }

    public var method: String { "crm.lead.update" }

    public var parameters: [String: Bitrix24Value] {
        ["id": .int(leadID), "fields": .object(["ASSIGNED_BY_ID": .int(assignedByID)])]
    }

    /// Whether the portal changed the lead (`true`; a lead it did not find is an error answer instead).
    public static func answer(from result: Bitrix24Value) -> Bool { result.boolValue ?? true }
}
