import Foundation

/// `telephony.externalcall.finish`: who handled the call, for how long and how it ended (the sender adds `CALL_ID`).
public struct Bitrix24FinishCallRequest: Bitrix24Request, Hashable {
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

    /// A finish request; only `user` and `duration` are required.
    public init(
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

    public var method: String { "telephony.externalcall.finish" }

    public var parameters: [String: Bitrix24Value] {
        var params = user.parameters
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
