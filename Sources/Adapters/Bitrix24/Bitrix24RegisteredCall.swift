import Foundation

/// What `register` answered.
public struct Bitrix24RegisteredCall: Sendable, Hashable {
    /// `externalCall.<hex>.<unix>`.
    public let callID: String
    /// The entity the call is bound to (found, given or created); `nil` when none (`""`/`null`).
    public let crmEntity: Bitrix24CrmEntityReference?
    /// `CRM_CREATED_LEAD`.
    public let createdLeadID: Int?
    /// `CRM_CREATED_ENTITIES`.
    public let createdEntities: [Bitrix24CrmEntityReference]
    /// `LEAD_CREATION_ERROR`: the call is registered but the lead was not created.
    public let leadCreationError: String?

    /// Reads register's `result`; throws when it has no `CALL_ID`.
    public init(_ value: Bitrix24Value) throws(Bitrix24DecodingProblem) {
        guard let callID = value["CALL_ID"]?.nonEmptyString else {
            throw Bitrix24DecodingProblem("no CALL_ID in the answer")
        }
        self.callID = callID
        if let type = value["CRM_ENTITY_TYPE"]?.nonEmptyString, let id = value["CRM_ENTITY_ID"]?.intValue, id > 0 {
            self.crmEntity = Bitrix24CrmEntityReference(type: type, id: id)
        } else {
            self.crmEntity = nil
        }
        self.createdLeadID = value["CRM_CREATED_LEAD"]?.intValue
        self.createdEntities = (value["CRM_CREATED_ENTITIES"]?.arrayValue ?? []).compactMap { item in
            guard let type = item["ENTITY_TYPE"]?.nonEmptyString, let id = item["ENTITY_ID"]?.intValue else {
                return nil
            }
            return Bitrix24CrmEntityReference(type: type, id: id)
        }
        self.leadCreationError = value["LEAD_CREATION_ERROR"]?.nonEmptyString
    }
}
