extension Bitrix24Client {
    /// `crm.lead.add`. - Returns: the new lead id.
    public func addLead(
        _ fields: Bitrix24LeadFields,
        registerSonetEvent: Bool? = nil,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> Int {
        var params: [String: Bitrix24Value] = ["fields": fields.value]
        if let registerSonetEvent {
            params["params"] = .object(["REGISTER_SONET_EVENT": .string(registerSonetEvent ? "Y" : "N")])
        }
        let response = try await call("crm.lead.add", params, retry: retry)
        guard let id = response.result.intValue else { throw malformed("crm.lead.add", "result is not an id") }
        return id
    }

    /// `crm.duplicate.findbycomm`: entity ids by type (`CONTACT`, `LEAD`, `COMPANY`); empty when nothing
    /// matched (the portal answers `[]`). At most 20 values per call (the portal's limit).
    public func findDuplicates(
        type: Bitrix24CommunicationType,
        values: [String],
        entityType: String? = nil,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> [String: [Int]] {
        guard (1...20).contains(values.count) else {
            throw Bitrix24Error(
                method: "crm.duplicate.findbycomm",
                reason: .invalidRequest("between 1 and 20 values per call"),
                action: .giveUp
            )
        }
        var params: [String: Bitrix24Value] = [
            "type": .string(type.rawValue), "values": .array(values.map(Bitrix24Value.string)),
        ]
        if let entityType { params["entity_type"] = .string(entityType.uppercased()) }
        let response = try await call("crm.duplicate.findbycomm", params, retry: retry)
        guard let groups = response.result.objectValue else {
            throw malformed("crm.duplicate.findbycomm", "result is not a map")
        }
        return groups.reduce(into: [:]) { found, group in
            let ids = (group.value.arrayValue ?? []).compactMap(\.intValue)
            if !ids.isEmpty { found[group.key.uppercased()] = ids }
        }
    }
}
