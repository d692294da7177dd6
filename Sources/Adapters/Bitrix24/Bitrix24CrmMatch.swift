import Foundation

/// One `searchCrmEntities` match.
public struct Bitrix24CrmMatch: Sendable, Hashable {
    /// The matching contact, lead or company.
    public let entity: Bitrix24CrmEntityReference
    /// Its display name.
    public let name: String?
    /// The responsible user (`ASSIGNED_BY_ID`, or `ASSIGNED_BY.ID`).
    public let assignedByID: Int?
    /// `ASSIGNED_BY.USER_PHONE_INNER`: the responsible's extension.
    public let assignedByPhoneInner: String?
    /// `ASSIGNED_BY.TIMEMAN_STATUS` (`OPENED`, `CLOSED`, …).
    public let assignedByTimemanStatus: String?

    /// One item of the answer; nil without an entity type and id.
    init?(_ item: Bitrix24Value) {
        guard let type = item["CRM_ENTITY_TYPE"]?.nonEmptyString, let id = item["CRM_ENTITY_ID"]?.intValue else {
            return nil
        }
        entity = Bitrix24CrmEntityReference(type: type, id: id)
        name = item["NAME"]?.nonEmptyString
        assignedByID = item["ASSIGNED_BY_ID"]?.intValue ?? item["ASSIGNED_BY"]?["ID"]?.intValue
        assignedByPhoneInner = item["ASSIGNED_BY"]?["USER_PHONE_INNER"]?.nonEmptyString
        assignedByTimemanStatus = item["ASSIGNED_BY"]?["TIMEMAN_STATUS"]?.nonEmptyString
    }
}
