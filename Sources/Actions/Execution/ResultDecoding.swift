public import Adapters
public import RuleDSL

/// A portal's answer to a command, as the rules read it (`call.<as-name>`): the answer decoded once, by the
/// action's typed Bitrix24 request, then given the field names of the action's result in the catalog
/// (`b24.register_call result`, …).
public enum ResultDecoding {
    /// The rules' view of `result`, the portal's answer to `action`; throws when the answer does not have the shape
    /// the method promises (a register without `CALL_ID`, …).
    public static func value(of result: Bitrix24Value, action: ActionKind) throws(Bitrix24DecodingProblem) -> Value {
        switch action {
        case .registerCall: register(try Bitrix24RegisterCallRequest.answer(from: result))
        case .showCard, .hideCard: .map(["delivered": .bool(try Bitrix24CardRequest.answer(from: result))])
        case .createLead: try lead(result)
        case .searchCRM: search(Bitrix24CrmSearchRequest.answer(from: result))
        case .finishCall, .attachRecord, .updateLead, .originate, .redirect, .setVariable, .hangup, .setCallValue, .log,
            .agiSetVariable, .agiDone:
            plain(result)
        }
    }

    static func register(_ call: Bitrix24RegisteredCall) -> Value {
        var fields: [String: Value] = ["call_id": .string(call.callID)]
        fields["crm_entity_type"] = call.crmEntity.map { .string($0.type) }
        fields["crm_entity_id"] = call.crmEntity.map { .int($0.id) }
        fields["crm_created_lead"] = call.createdLeadID.map(Value.int)
        fields["lead_creation_error"] = call.leadCreationError.map(Value.string)
        return .map(fields)
    }

    static func search(_ matches: [Bitrix24CrmMatch]) -> Value {
        guard let first = matches.first else { return .map(["found": .bool(false)]) }
        var fields: [String: Value] = [
            "found": .bool(true), "entity_type": .string(first.entity.type), "entity_id": .int(first.entity.id),
        ]
        fields["responsible"] = first.assignedByID.map(Value.int)
        fields["responsible_extension"] = first.assignedByPhoneInner.map(Value.string)
        fields["responsible_status"] = first.assignedByTimemanStatus.map(Value.string)
        fields["name"] = first.name.map(Value.string)
        return .map(fields)
    }

    /// A lead command's result is `crm.lead.add`'s (the new id) or, when the duplicate check found the number in the
    /// CRM and no lead was added, `crm.duplicate.findbycomm`'s (the lead found, if the number belongs to one).
    static func lead(_ result: Bitrix24Value) throws(Bitrix24DecodingProblem) -> Value {
        if let id = try? Bitrix24AddLeadRequest.answer(from: result) {
            return .map(["lead_id": .int(id), "existing": .bool(false)])
        }
        let found = try Bitrix24FindDuplicatesRequest.answer(from: result)
        var fields: [String: Value] = ["existing": .bool(true)]
        fields["lead_id"] = found["LEAD"]?.first.map(Value.int)
        return .map(fields)
    }

    /// Any other answer as it came.
    public static func plain(_ value: Bitrix24Value) -> Value {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let elements): .list(elements.map(plain))
        case .object(let entries): .map(entries.mapValues(plain))
        }
    }
}
