import Foundation

/// One `searchCrmEntities` match.
public struct Bitrix24CrmMatch: Sendable, Hashable {
    /// The matching contact, lead or company.
    public let entity: Bitrix24CrmEntityReference
    /// Its display name.
    public let name: String?
    /// The responsible user.
    public let assignedByID: Int?
    /// `ASSIGNED_BY.USER_PHONE_INNER`: the responsible's extension.
    public let assignedByPhoneInner: String?
    /// `ASSIGNED_BY.TIMEMAN_STATUS` (`OPENED`, `CLOSED`, …).
    public let assignedByTimemanStatus: String?
}
