import Foundation

/// What `finish` answered (fields the portal sends as strings or numbers are read either way).
public struct Bitrix24FinishedCall: Sendable, Hashable {
    /// `CALL_ID`.
    public let callID: String
    /// `EXTERNAL_CALL_ID` given at register.
    public let externalCallID: String?
    /// `PORTAL_USER_ID`: who handled the call.
    public let portalUserID: Int?
    /// `CALL_DURATION` in seconds.
    public let duration: Int?
    /// `CALL_FAILED_CODE`.
    public let statusCode: String?
    /// `CRM_ACTIVITY_ID` of the timeline activity.
    public let crmActivityID: Int?
    /// The call's primary CRM entity, when it had one.
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
