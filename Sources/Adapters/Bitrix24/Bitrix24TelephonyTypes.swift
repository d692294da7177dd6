public import Foundation

/// Who a call belongs to: a Bitrix24 user id, or an extension (`USER_PHONE_INNER`).
public enum Bitrix24UserReference: Sendable, Hashable {
    case id(Int)
    case phoneInner(String)

    var parameters: [String: Bitrix24Value] {
        switch self {
        case .id(let id): ["USER_ID": .int(id)]
        case .phoneInner(let ext): ["USER_PHONE_INNER": .string(ext)]
        }
    }
}

/// `TYPE` of `telephony.externalcall.register`.
public enum Bitrix24CallType: Int, Sendable, Hashable {
    case outgoing = 1
    case incoming = 2
    case incomingWithRedirect = 3
    case callback = 4
    case information = 5
}

/// A CRM object reference (`CONTACT` 797).
public struct Bitrix24CrmEntityReference: Sendable, Hashable {
    /// `LEAD`, `CONTACT`, `COMPANY` (upper case).
    public let type: String
    public let id: Int
    public init(type: String, id: Int) {
        self.type = type.uppercased()
        self.id = id
    }
}

/// Parameters of `telephony.externalcall.register` (bitrix24-api.md §6).
public struct Bitrix24RegisterCallRequest: Sendable {
    public var user: Bitrix24UserReference
    public var phoneNumber: String
    public var type: Bitrix24CallType
    /// Sent as ISO-8601 with the zone offset.
    public var startDate: Date?
    /// `CRM_CREATE`: create a lead when nothing matches.
    public var createCrmEntity: Bool?
    /// `CRM_SOURCE` (e.g. `CALL`).
    public var crmSource: String?
    /// Bind to this entity instead of searching.
    public var crmEntity: Bitrix24CrmEntityReference?
    /// `SHOW` (portal default: shown).
    public var show: Bool?
    public var callListID: Int?
    /// `LINE_NUMBER` (DID); an unknown line is created by the portal.
    public var lineNumber: String?
    /// `EXTERNAL_CALL_ID` — always send a unique one (the PBX linkedid) to defeat the 30-minute reuse.
    public var externalCallID: String?

    public init(
        user: Bitrix24UserReference, phoneNumber: String, type: Bitrix24CallType, startDate: Date? = nil,
        createCrmEntity: Bool? = nil, crmSource: String? = nil, crmEntity: Bitrix24CrmEntityReference? = nil,
        show: Bool? = nil, callListID: Int? = nil, lineNumber: String? = nil, externalCallID: String? = nil
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

    /// The request as REST parameters.
    public var parameters: [String: Bitrix24Value] {
        var params = user.parameters
        params["PHONE_NUMBER"] = .string(phoneNumber)
        params["TYPE"] = .int(type.rawValue)
        if let startDate {
            params["CALL_START_DATE"] = .string(startDate.formatted(.iso8601.year().month().day().dateSeparator(.dash)
                .time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .colon)))
        }
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
}

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

    init(_ value: Bitrix24Value) throws(Bitrix24DecodingProblem) {
        guard let callID = value["CALL_ID"]?.nonEmptyString else { throw Bitrix24DecodingProblem("no CALL_ID in the answer") }
        self.callID = callID
        if let type = value["CRM_ENTITY_TYPE"]?.nonEmptyString, let id = value["CRM_ENTITY_ID"]?.intValue, id > 0 {
            self.crmEntity = Bitrix24CrmEntityReference(type: type, id: id)
        } else {
            self.crmEntity = nil
        }
        self.createdLeadID = value["CRM_CREATED_LEAD"]?.intValue
        self.createdEntities = (value["CRM_CREATED_ENTITIES"]?.arrayValue ?? []).compactMap { item in
            guard let type = item["ENTITY_TYPE"]?.nonEmptyString, let id = item["ENTITY_ID"]?.intValue else { return nil }
            return Bitrix24CrmEntityReference(type: type, id: id)
        }
        self.leadCreationError = value["LEAD_CREATION_ERROR"]?.nonEmptyString
    }
}

/// Parameters of `telephony.externalcall.finish` (§8).
public struct Bitrix24FinishCallRequest: Sendable {
    public var callID: String
    /// The user who handled the call: becomes the responsible of auto-created leads.
    public var user: Bitrix24UserReference
    /// Talk seconds; > 0 marks the call successful.
    public var duration: Int
    /// `STATUS_CODE` (`200`, `304`, `603-S`, `486`, …). Always send it: the portal defaults to 304 when duration is 0.
    public var statusCode: String?
    public var failedReason: String?
    public var cost: Double?
    public var costCurrency: String?
    /// 1…5.
    public var vote: Int?
    /// `ADD_TO_CHAT` (source default: no).
    public var addToChat: Bool?
    /// Legacy `RECORD_URL`; prefer `attachRecord`.
    public var recordURL: String?

    public init(
        callID: String, user: Bitrix24UserReference, duration: Int, statusCode: String? = nil,
        failedReason: String? = nil, cost: Double? = nil, costCurrency: String? = nil, vote: Int? = nil,
        addToChat: Bool? = nil, recordURL: String? = nil
    ) {
        self.callID = callID
        self.user = user
        self.duration = duration
        self.statusCode = statusCode
        self.failedReason = failedReason
        self.cost = cost
        self.costCurrency = costCurrency
        self.vote = vote
        self.addToChat = addToChat
        self.recordURL = recordURL
    }

    public var parameters: [String: Bitrix24Value] {
        var params = user.parameters
        params["CALL_ID"] = .string(callID)
        params["DURATION"] = .int(max(0, duration))
        if let statusCode { params["STATUS_CODE"] = .string(statusCode) }
        if let failedReason { params["FAILED_REASON"] = .string(failedReason) }
        if let cost { params["COST"] = .double(cost) }
        if let costCurrency { params["COST_CURRENCY"] = .string(costCurrency) }
        if let vote { params["VOTE"] = .int(vote) }
        if let addToChat { params["ADD_TO_CHAT"] = .int(addToChat ? 1 : 0) }
        if let recordURL { params["RECORD_URL"] = .string(recordURL) }
        return params
    }
}

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

/// How a finish ended.
public enum Bitrix24FinishOutcome: Sendable, Hashable {
    /// The portal finished the call now.
    case finished(Bitrix24FinishedCall)
    /// The portal no longer knows the call and an earlier attempt may have reached it: the lost answer
    /// of that attempt was the success.
    case alreadyFinished(callID: String)
}

/// One `searchCrmEntities` match.
public struct Bitrix24CrmMatch: Sendable, Hashable {
    public let entity: Bitrix24CrmEntityReference
    public let name: String?
    public let assignedByID: Int?
    /// `ASSIGNED_BY.USER_PHONE_INNER`: the responsible's extension.
    public let assignedByPhoneInner: String?
    /// `ASSIGNED_BY.TIMEMAN_STATUS` (`OPENED`, `CLOSED`, …).
    public let assignedByTimemanStatus: String?
}

/// The answer did not have the shape the method promises.
public struct Bitrix24DecodingProblem: Error, Sendable {
    public let detail: String
    init(_ detail: String) { self.detail = detail }
}
