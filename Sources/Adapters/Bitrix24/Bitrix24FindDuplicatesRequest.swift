/// `crm.duplicate.findbycomm`: the CRM entities that hold a phone number or e-mail address.
public struct Bitrix24FindDuplicatesRequest: Bitrix24Request, Hashable {
    /// The portal's limit of values per call.
    public static let valueLimit = 20

    /// `type`: what the values are.
    public var type: Bitrix24CommunicationType
    /// `values`: 1 to ``valueLimit`` numbers or addresses.
    public var values: [String]
    /// `entity_type` (`LEAD`, `CONTACT`, `COMPANY`); nil for all.
    public var entityType: String?

    /// A search for `values` of `type`, in `entityType` (nil: every type).
    public init(type: Bitrix24CommunicationType, values: [String], entityType: String? = nil) {
        self.type = type
        self.values = values
        self.entityType = entityType
    }

    public var method: String { "crm.duplicate.findbycomm" }

    public var parameters: [String: Bitrix24Value] {
        var params: [String: Bitrix24Value] = [
            "type": .string(type.rawValue), "values": .array(values.map(Bitrix24Value.string)),
        ]
        if let entityType { params["entity_type"] = .string(entityType.uppercased()) }
        return params
    }

    /// Entity ids by type (`CONTACT`, `LEAD`, `COMPANY`); empty when nothing matched (the portal answers `[]`).
    public static func answer(from result: Bitrix24Value) throws(Bitrix24DecodingProblem) -> [String: [Int]] {
        guard let groups = result.objectValue else { throw Bitrix24DecodingProblem("result is not a map") }
        return groups.reduce(into: [:]) { found, group in
            let ids = (group.value.arrayValue ?? []).compactMap(\.intValue)
            if !ids.isEmpty { found[group.key.uppercased()] = ids }
        }
    }
}
