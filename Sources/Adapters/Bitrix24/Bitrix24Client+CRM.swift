extension Bitrix24Client {
    /// `crm.lead.add`. - Returns: the new lead id.
    public func addLead(
        _ fields: Bitrix24LeadFields,
        registerSonetEvent: Bool? = nil,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> Int {
        try await send(Bitrix24AddLeadRequest(fields, registerSonetEvent: registerSonetEvent), retry: retry)
    }

    /// `crm.duplicate.findbycomm`: entity ids by type (`CONTACT`, `LEAD`, `COMPANY`); empty when nothing
    /// matched (the portal answers `[]`). At most 20 values per call (the portal's limit).
    public func findDuplicates(
        type: Bitrix24CommunicationType,
        values: [String],
        entityType: String? = nil,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> [String: [Int]] {
        let request = Bitrix24FindDuplicatesRequest(type: type, values: values, entityType: entityType)
        guard (1...Bitrix24FindDuplicatesRequest.valueLimit).contains(values.count) else {
            throw Bitrix24Error(
                method: request.method,
                reason: .invalidRequest("between 1 and \(Bitrix24FindDuplicatesRequest.valueLimit) values per call"),
                action: .giveUp
            )
        }
        return try await send(request, retry: retry)
    }
}
