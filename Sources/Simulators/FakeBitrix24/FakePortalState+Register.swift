import Foundation
import OrderedCollections

extension FakePortalState {
    /// `telephony.externalcall.register`: validation order and texts of the source,
    /// 30-minute de-duplication of unfinished calls, internal-number detection, CRM search and `CRM_CREATE`.
    mutating func register(_ params: FakeJSONObject, _ context: FakeCallContext) throws -> FakeMethodOutput {
        // 2. USER_ID or USER_PHONE_INNER (an unknown extension reads as "not set").
        var userID = params["USER_ID"]?.intValue ?? 0
        if userID <= 0, let ext = params["USER_PHONE_INNER"]?.stringValue, let user = activeUser(withExtension: ext) {
            userID = user.id
        }
        guard userID > 0 else { throw FakeMethodError.method("USER_ID or USER_PHONE_INNER should be set") }
        // 3. TYPE
        guard let type = params["TYPE"]?.intValue, (1...5).contains(type) else {
            throw FakeMethodError.method("Unknown TYPE")
        }
        // 4. CALL_START_DATE
        if let date = params["CALL_START_DATE"]?.stringValue, !date.isEmpty, !Self.isISO8601WithZone(date) {
            throw FakeMethodError.method("CALL_START_DATE should be in the ISO-8601 format")
        }
        // 5. PHONE_NUMBER
        let phone = Self.normalizePhone(params["PHONE_NUMBER"]?.stringValue ?? "")
        guard !phone.isEmpty else { throw FakeMethodError.method("Unsupported phone number format") }
        // 6. user active
        guard let user = users[userID], user.active else {
            throw FakeMethodError.method("User is not found or is not active")
        }

        let line = String((params["LINE_NUMBER"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).prefix(50))
        let externalID = params["EXTERNAL_CALL_ID"]?.stringValue ?? ""
        let show = params["SHOW"].map(\.isTruthy) ?? true
        if !line.isEmpty { lines.insert(line) }

        // De-duplication: same phone (the calls of this number), user, type, line, external id, unfinished, younger
        // than 30 minutes.
        if let existing = liveCalls(withPhone: phone).filter({
            $0.userID == userID && $0.type == type && $0.lineNumber == line
                && $0.externalCallID == externalID && context.now - $0.createdAt < 30 * 60
        }).min(by: { $0.createdAt < $1.createdAt }) {
            if show { setCard(existing.callID, for: userID, visible: true) }
            return FakeMethodOutput(
                .object([
                    "CALL_ID": .string(existing.callID),
                    "CRM_CREATED_LEAD": existing.createdEntities.first { $0.type == "LEAD" }.map { .int($0.id) }
                        ?? .null,
                    "CRM_CREATED_ENTITIES": .array(existing.createdEntities.map(Self.entityRefJSON)),
                    "CRM_ENTITY_TYPE": existing.crmEntityType.map(FakeJSON.string) ?? .null,
                    "CRM_ENTITY_ID": existing.crmEntityID.map(FakeJSON.int) ?? .null,
                ])
            )
        }

        let isInternal = users.values.contains { $0.active && $0.phoneInner.map(Self.normalizePhone) == phone }
        var entityType: String?
        var entityID: Int?
        var created: [FakeBitrix24EntityRef] = []
        var leadError: String?
        if !isInternal {
            if let boundType = params["CRM_ENTITY_TYPE"]?.stringValue?.uppercased(), !boundType.isEmpty,
                let boundID = params["CRM_ENTITY_ID"]?.intValue, boundID > 0
            {
                entityType = boundType
                entityID = boundID
            } else if let match = entities(matchingPhone: phone).first {
                entityType = match.type
                entityID = match.id
            } else if params["CRM_CREATE"]?.isTruthy == true {
                if let failure = context.configuration.leadCreationError {
                    leadError = failure
                } else {
                    let incoming = type == 2 || type == 3
                    let lead = FakeBitrix24CrmEntity(
                        type: "LEAD",
                        title: "\(phone) - \(incoming ? "Incoming call" : "Outgoing call")",
                        phones: [phone],
                        assignedByID: userID,
                        sourceID: params["CRM_SOURCE"]?.stringValue ?? "CALL"
                    )
                    let id = insertEntity(lead)
                    created = [FakeBitrix24EntityRef(type: "LEAD", id: id)]
                    entityType = "LEAD"
                    entityID = id
                }
            }
        }

        let callID = Self.makeCallID(now: context.now)
        addLiveCall(
            FakeBitrix24LiveCall(
                callID: callID,
                userID: userID,
                phone: phone,
                type: type,
                lineNumber: line,
                externalCallID: externalID,
                createdAt: context.now,
                isInternal: isInternal,
                crmEntityType: entityType,
                crmEntityID: entityID,
                createdEntities: created
            )
        )
        if show { setCard(callID, for: userID, visible: true) }

        var result: FakeJSONObject = [
            "CALL_ID": .string(callID),
            "CRM_CREATED_LEAD": created.first.map { .int($0.id) } ?? .null,
            "CRM_CREATED_ENTITIES": .array(created.map(Self.entityRefJSON)),
            "CRM_ENTITY_TYPE": .string(entityType ?? ""),
            "CRM_ENTITY_ID": entityID.map(FakeJSON.int) ?? .null,
        ]
        if let leadError { result["LEAD_CREATION_ERROR"] = .string(leadError) }
        return FakeMethodOutput(.object(result))
    }

    static func entityRefJSON(_ ref: FakeBitrix24EntityRef) -> FakeJSON {
        .object(["ENTITY_TYPE": .string(ref.type), "ENTITY_ID": .int(ref.id)])
    }

    /// `externalCall.<32 hex>.<unix seconds>`.
    static func makeCallID(now: Double) -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<2).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
        return "externalCall.\(hex).\(Int(now))"
    }

    /// ISO-8601 date-time with an explicit zone (`Z` or `±hh:mm`).
    static func isISO8601WithZone(_ text: String) -> Bool {
        // Foundation's ISO-8601 parser (not ICU's): a register costs the fake microseconds, not tens of them.
        (try? Date.ISO8601FormatStyle().parse(text)) != nil
            || (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) != nil
    }
}
