public import Foundation

/// `telephony.externalcall.register`: a call made known to the portal, which answers its `CALL_ID`.
public struct Bitrix24RegisterCallRequest: Bitrix24Request, Hashable {
    /// `USER_ID` or `USER_PHONE_INNER`: whose call it is.
    public var user: Bitrix24UserReference
    /// `PHONE_NUMBER`: the customer's number.
    public var phoneNumber: String
    /// `TYPE`.
    public var type: Bitrix24CallType
    /// `CALL_START_DATE`, sent as ISO-8601 with this machine's zone offset (`+00:00`, never `Z`).
    public var startDate: Date?
    /// `CRM_CREATE`: create a lead when nothing matches.
    public var createCrmEntity: Bool?
    /// `CRM_SOURCE` (e.g. `CALL`).
    public var crmSource: String?
    /// Bind to this entity instead of searching.
    public var crmEntity: Bitrix24CrmEntityReference?
    /// `SHOW` (portal default: shown).
    public var show: Bool?
    /// `CALL_LIST_ID` (from `ONEXTERNALCALLSTART`).
    public var callListID: Int?
    /// `LINE_NUMBER` (DID); an unknown line is created by the portal.
    public var lineNumber: String?
    /// `EXTERNAL_CALL_ID` — always send a unique one (the PBX linkedid) to defeat the 30-minute reuse.
    public var externalCallID: String?

    /// A register request; only user, number and type are required.
    public init(
        user: Bitrix24UserReference,
        phoneNumber: String,
        type: Bitrix24CallType,
        startDate: Date? = nil,
        createCrmEntity: Bool? = nil,
        crmSource: String? = nil,
        crmEntity: Bitrix24CrmEntityReference? = nil,
        show: Bool? = nil,
        callListID: Int? = nil,
        lineNumber: String? = nil,
        externalCallID: String? = nil
    ) {
        self.user = user
        self.phoneNumber = phoneNumber
        self.type = type
        self.startDate = startDate
        self.createCrmEntity = createCrmEntity
        self.crmSource = crmSource
        self.crmEntity = crmEntity
        self.show = show
        self.callListID = callListID
        self.lineNumber = lineNumber
        self.externalCallID = externalCallID
    }

    public var method: String { "telephony.externalcall.register" }

    public var parameters: [String: Bitrix24Value] {
        var params = user.parameters
        params["PHONE_NUMBER"] = .string(phoneNumber)
        params["TYPE"] = .int(type.rawValue)
        if let startDate { params["CALL_START_DATE"] = .string(Self.iso8601(startDate)) }
        if let createCrmEntity { params["CRM_CREATE"] = .int(createCrmEntity ? 1 : 0) }
        if let crmSource { params["CRM_SOURCE"] = .string(crmSource) }
        if let crmEntity {
            params["CRM_ENTITY_TYPE"] = .string(crmEntity.type)
            params["CRM_ENTITY_ID"] = .int(crmEntity.id)
        }
        if let show { params["SHOW"] = .int(show ? 1 : 0) }
        if let callListID { params["CALL_LIST_ID"] = .int(callListID) }
        if let lineNumber { params["LINE_NUMBER"] = .string(lineNumber) }
        if let externalCallID { params["EXTERNAL_CALL_ID"] = .string(externalCallID) }
        return params
    }

    /// The registered call; throws when the answer has no `CALL_ID`.
    public static func answer(from result: Bitrix24Value) throws(Bitrix24DecodingProblem) -> Bitrix24RegisteredCall {
        try Bitrix24RegisteredCall(result)
    }

    /// ISO-8601 with an explicit offset in this machine's time zone (`2026-11-25T02:50:12+03:00`).
    static func iso8601(_ date: Date) -> String {
        let text = date.formatted(Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: .current))
        return text.hasSuffix("Z") ? String(text.dropLast()) + "+00:00" : text
    }
}
