import Foundation

/// Parameters of `telephony.externalcall.finish` (§8).
public struct Bitrix24FinishCallRequest: Sendable {
    /// The `CALL_ID` from register (or from `ONEXTERNALCALLSTART`).
    public var callID: String
    /// The user who handled the call: becomes the responsible of auto-created leads.
    public var user: Bitrix24UserReference
    /// Talk seconds; > 0 marks the call successful.
    public var duration: Int
    /// `STATUS_CODE` (`200`, `304`, `603-S`, `486`, …). Always send it: the portal defaults to 304 when duration is 0.
    public var statusCode: String?
    /// `FAILED_REASON`, free text.
    public var failedReason: String?
    /// `COST`.
    public var cost: Double?
    /// `COST_CURRENCY` (`RUB`, `USD`, …).
    public var costCurrency: String?
    /// 1…5.
    public var vote: Int?
    /// `ADD_TO_CHAT` (source default: no).
    public var addToChat: Bool?
    /// Legacy `RECORD_URL`; prefer `attachRecord`.
    public var recordURL: String?

    /// A finish request; only `callID`, `user` and `duration` are required.
    public init(
        callID: String,
        user: Bitrix24UserReference,
        duration: Int,
        statusCode: String? = nil,
        failedReason: String? = nil,
        cost: Double? = nil,
        costCurrency: String? = nil,
        vote: Int? = nil,
        addToChat: Bool? = nil,
        recordURL: String? = nil
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

    /// The request as REST parameters.
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
