public import Adapters
public import RuleDSL

/// A portal's answer to a command, as the rules read it (`call.<as-name>`): the fields of the action's result
/// in the catalog (`b24.register_call result`, …), tolerant of the portal's quirks (string ids, `""` for none).
public enum ResultDecoding {
    /// The rules' view of `result`, the portal's answer to `action`.
    public static func value(of result: Bitrix24Value, action: ActionKind) -> Value {
        switch action {
        case .registerCall: register(result)
        case .showCard, .hideCard: .map(["delivered": .bool(result.boolValue ?? true)])
        case .createLead: lead(result)
        case .searchCRM: search(result)
        case .finishCall, .attachRecord, .updateLead, .originate, .redirect, .setVariable, .hangup, .setCallValue, .log,
            .agiSetVariable, .agiDone:
            plain(result)
        }
    }

    static func register(_ result: Bitrix24Value) -> Value {
        var fields: [String: Value] = [:]
        fields["call_id"] = result["CALL_ID"]?.nonEmptyString.map(Value.string)
        fields["crm_entity_type"] = result["CRM_ENTITY_TYPE"]?.nonEmptyString.map(Value.string)
        fields["crm_entity_id"] = result["CRM_ENTITY_ID"]?.intValue.map(Value.int)
        fields["crm_created_lead"] = result["CRM_CREATED_LEAD"]?.intValue.map(Value.int)
        fields["lead_creation_error"] = result["LEAD_CREATION_ERROR"]?.nonEmptyString.map(Value.string)
        return .map(fields)
    }

    static func search(_ result: Bitrix24Value) -> Value {
        guard let first = result.arrayValue?.first else { return .map(["found": .bool(false)]) }
        var fields: [String: Value] = ["found": .bool(true)]
        fields["entity_type"] = first["CRM_ENTITY_TYPE"]?.nonEmptyString.map(Value.string)
        fields["entity_id"] = first["CRM_ENTITY_ID"]?.intValue.map(Value.int)
        fields["responsible"] = (first["ASSIGNED_BY_ID"]?.intValue ?? first["ASSIGNED_BY"]?["ID"]?.intValue).map(
            Value.int
        )
        fields["responsible_extension"] = first["ASSIGNED_BY"]?["USER_PHONE_INNER"]?.nonEmptyString.map(Value.string)
        fields["responsible_status"] = first["ASSIGNED_BY"]?["TIMEMAN_STATUS"]?.nonEmptyString.map(Value.string)
        fields["name"] = first["NAME"]?.nonEmptyString.map(Value.string)
        return .map(fields)
    }

    /// `crm.lead.add` answers the new id; when the duplicate check found a lead instead, that lead is the result.
    static func lead(_ result: Bitrix24Value) -> Value {
        if let id = result.intValue { return .map(["lead_id": .int(id)]) }
        if let id = result["LEAD"]?.arrayValue?.first?.intValue {
            return .map(["lead_id": .int(id), "existing": .bool(true)])
        }
        return .map([:])
    }

    static func plain(_ value: Bitrix24Value) -> Value {
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
