import OrderedCollections

extension FakePortalState {
    /// `crm.lead.add`: `fields`/`FIELDS`/`Fields`/`arFields`; answers the new id as an integer.
    mutating func leadAdd(_ params: FakeJSONObject, _ context: FakeCallContext) throws -> FakeMethodOutput {
        guard let fields = Self.crmParam(params, "fields")?.objectValue else {
            throw FakeMethodError.method("Invalid parameters.")
        }
        func text(_ key: String) -> String { fields[key]?.stringValue ?? "" }
        func multifield(_ key: String) -> [String] {
            (fields[key]?.listValue ?? []).compactMap { $0["VALUE"]?.stringValue ?? $0.stringValue }.filter {
                !$0.isEmpty
            }
        }
        var lead = FakeBitrix24CrmEntity(
            type: "LEAD",
            title: text("TITLE"),
            name: text("NAME"),
            lastName: text("LAST_NAME"),
            phones: multifield("PHONE"),
            emails: multifield("EMAIL"),
            assignedByID: fields["ASSIGNED_BY_ID"]?.intValue ?? context.configuration.webhookUserID,
            sourceID: text("SOURCE_ID"),
            statusID: text("STATUS_ID").isEmpty ? "NEW" : text("STATUS_ID"),
            comments: text("COMMENTS")
        )
        if lead.title.isEmpty { lead.title = "Lead #\(nextCrmID)" }
        return FakeMethodOutput(.int(insertEntity(lead)))
    }

    /// `crm.lead.update` (§14): `id` and `fields` (`FIELDS` too); the given fields replace the lead's, the others stay;
    /// answers `true`. Errors as the portal's: `ID is not defined or invalid.`, `Not found`, `Invalid parameters.`.
    mutating func leadUpdate(_ params: FakeJSONObject) throws -> FakeMethodOutput {
        guard let id = Self.crmParam(params, "id")?.intValue, id > 0 else {
            throw FakeMethodError.method("ID is not defined or invalid.")
        }
        let ref = FakeBitrix24EntityRef(type: "LEAD", id: id)
        guard var lead = crm[ref] else { throw FakeMethodError.method("Not found") }
        guard let fields = Self.crmParam(params, "fields")?.objectValue else {
            throw FakeMethodError.method("Invalid parameters.")
        }
        if let responsible = fields["ASSIGNED_BY_ID"]?.intValue { lead.assignedByID = responsible }
        if let title = fields["TITLE"]?.stringValue { lead.title = title }
        if let name = fields["NAME"]?.stringValue { lead.name = name }
        if let lastName = fields["LAST_NAME"]?.stringValue { lead.lastName = lastName }
        if let source = fields["SOURCE_ID"]?.stringValue { lead.sourceID = source }
        if let status = fields["STATUS_ID"]?.stringValue { lead.statusID = status }
        if let comments = fields["COMMENTS"]?.stringValue { lead.comments = comments }
        crm[ref] = lead
        return FakeMethodOutput(.bool(true))
    }

    /// `crm.lead.get` / `crm.contact.get`: string ids, `PHONE` only when present, `HAS_PHONE`.
    func entityGet(_ type: String, _ params: FakeJSONObject) throws -> FakeMethodOutput {
        guard let id = Self.crmParam(params, "id")?.intValue, id > 0 else {
            throw FakeMethodError.method("ID is not defined or invalid.")
        }
        guard let entity = crm[FakeBitrix24EntityRef(type: type, id: id)] else {
            throw FakeMethodError.method("Not found")
        }
        var object: FakeJSONObject = [
            "ID": .string(String(entity.id)),
            "NAME": .string(entity.name),
            "LAST_NAME": .string(entity.lastName),
            "ASSIGNED_BY_ID": .string(String(entity.assignedByID)),
            "SOURCE_ID": .string(entity.sourceID),
            "COMMENTS": .string(entity.comments),
            "HAS_PHONE": .string(entity.phones.isEmpty ? "N" : "Y"),
            "HAS_EMAIL": .string(entity.emails.isEmpty ? "N" : "Y"),
            "DATE_CREATE": .string("2026-03-10T11:19:38+03:00"),
        ]
        if type == "LEAD" {
            object["TITLE"] = .string(entity.title)
            object["STATUS_ID"] = .string(entity.statusID)
        }
        if !entity.phones.isEmpty {
            object["PHONE"] = .array(
                entity.phones.enumerated().map { index, value in
                    .object([
                        "ID": .string(String(entity.id * 100 + index)), "VALUE_TYPE": .string("WORK"),
                        "VALUE": .string(value), "TYPE_ID": .string("PHONE"),
                    ])
                }
            )
        }
        return FakeMethodOutput(.object(object))
    }

    /// `crm.duplicate.findbycomm`: `{"CONTACT":[…],"LEAD":[…]}` with integer ids, `[]` when none.
    func duplicateFindByComm(_ params: FakeJSONObject) throws -> FakeMethodOutput {
        guard let type = Self.crmParam(params, "type")?.stringValue?.uppercased(), !type.isEmpty else {
            throw FakeMethodError.method("Communication type is not defined.")
        }
        guard type == "PHONE" || type == "EMAIL" else {
            throw FakeMethodError.method("Communication type '\(type)' is not supported in current context.")
        }
        let values = (Self.crmParam(params, "values")?.listValue ?? []).compactMap(\.stringValue).filter { !$0.isEmpty }
        guard !values.isEmpty else { throw FakeMethodError.method("Communication values is not defined.") }
        var types = ["CONTACT", "COMPANY", "LEAD"]
        if let only = Self.crmParam(params, "entity_type")?.stringValue?.uppercased(), !only.isEmpty {
            guard types.contains(only) else {
                throw FakeMethodError.method("Entity type '\(only)' is not supported in current context.")
            }
            types = [only]
        }
        let wanted = values.prefix(20).map { type == "PHONE" ? Self.normalizePhone($0) : $0.lowercased() }
        var found: FakeJSONObject = [:]
        for entityType in types {
            let ids = crm.values.filter { entity in
                entity.type == entityType
                    && (type == "PHONE"
                        ? entity.phones.contains { wanted.contains(Self.normalizePhone($0)) }
                        : entity.emails.contains { wanted.contains($0.lowercased()) })
            }.map(\.id).sorted()
            if !ids.isEmpty { found[entityType] = .array(ids.prefix(20).map(FakeJSON.int)) }
            if ids.count >= 20 { break }
        }
        return FakeMethodOutput(found.isEmpty ? .emptyArray : .object(found))
    }
}
