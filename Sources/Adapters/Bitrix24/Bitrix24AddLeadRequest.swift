/// `crm.lead.add`.
public struct Bitrix24AddLeadRequest: Bitrix24Request {
    /// The lead's fields.
    public var fields: Bitrix24LeadFields
    /// `params.REGISTER_SONET_EVENT`: announce the lead in the activity stream (portal default when nil).
    public var registerSonetEvent: Bool?

    /// A request to add a lead with `fields`.
    public init(_ fields: Bitrix24LeadFields, registerSonetEvent: Bool? = nil) {
        self.fields = fields
        self.registerSonetEvent = registerSonetEvent
    }

    public var method: String { "crm.lead.add" }

    public var parameters: [String: Bitrix24Value] {
        var params: [String: Bitrix24Value] = ["fields": fields.value]
        if let registerSonetEvent {
            params["params"] = .object(["REGISTER_SONET_EVENT": .string(registerSonetEvent ? "Y" : "N")])
        }
        return params
    }

    /// The new lead's id.
    public static func answer(from result: Bitrix24Value) throws(Bitrix24DecodingProblem) -> Int {
        guard let id = result.intValue else { throw Bitrix24DecodingProblem("result is not an id") }
        return id
    }
}
