import Foundation

/// What `finish` answered (fields the portal sends as strings or numbers are read either way).
public struct Bitrix24FinishedCall: Sendable, Hashable {
    public let callID: String
    public let externalCallID: String?
    public let portalUserID: Int?
    public let duration: Int?
    /// `CALL_FAILED_CODE`.
    public let statusCode: String?
    public let crmActivityID: Int?
    public let crmEntity: Bitrix24CrmEntityReference?
    /// `ERRORS.ACTIVITY_CREATION`, when the timeline activity was not created.
    public let activityCreationError: String?
    /// Statistics row id.
    public let statisticID: Int?

    init(_ value: Bitrix24Value, requestedCallID: String) {
        self.callID = value["CALL_ID"]?.nonEmptyString ?? requestedCallID
        self.externalCallID = value["EXTERNAL_CALL_ID"]?.nonEmptyString
        self.portalUserID = value["PORTAL_USER_ID"]?.intValue
        self.duration = value["CALL_DURATION"]?.intValue
        self.statusCode = value["CALL_FAILED_CODE"]?.nonEmptyString
        self.crmActivityID = value["CRM_ACTIVITY_ID"]?.intValue
        if let type = value["CRM_ENTITY_TYPE"]?.nonEmptyString, let id = value["CRM_ENTITY_ID"]?.intValue {
            self.crmEntity = Bitrix24CrmEntityReference(type: type, id: id)
        } else {
            self.crmEntity = nil
        }
        self.activityCreationError = value["ERRORS"]?["ACTIVITY_CREATION"]?.nonEmptyString
        self.statisticID = value["ID"]?.intValue
    }
}
