public import RuleDSL

/// A call Bitrix24 asks the PBX to make: the engine's input besides AMI. Built from the fields of
/// `ONEXTERNALCALLSTART` / `ONEXTERNALCALLBACKSTART` by ``init(event:data:ageSeconds:maxAgeSeconds:)``, which validates
/// every value: what rules read (``payload``) and what may reach an Originate is only what passed.
public struct CRMCallRequest: Sendable, Hashable {
    /// Which event it came from; the raw value is the event's name in rules.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `ONEXTERNALCALLSTART`: an operator clicked a number; Bitrix24 registered the call (CALL_ID).
        case clickToCall = "click_to_call"
        /// `ONEXTERNALCALLBACKSTART`: a visitor asked for a callback; nothing is registered yet.
        case callback = "callback_requested"

        /// The direction of the call the engine starts for it.
        public var direction: CallDirection {
            switch self {
            case .clickToCall: .clickToCall
            case .callback: .callback
            }
        }
    }

    /// Which event it came from.
    public var kind: Kind
    /// The CALL_ID Bitrix24 registered (click-to-call only).
    public var callID: String?
    /// The user who clicked (click-to-call only).
    public var user: Int?
    /// The number to dial, formatting removed (``DialableNumber``); nil when PHONE_NUMBER is not dialable.
    public var phone: String?
    /// The extension part of the number (`доб. 123` → `123`), digits.
    public var `extension`: String?
    /// `CONTACT`, `COMPANY` or `LEAD`.
    public var crmEntityType: String?
    /// The CRM entity's id (above 0).
    public var crmEntityID: Int?
    /// The external line chosen.
    public var line: String?
    /// The call list it was started from.
    public var callListID: Int?
    /// Started from the mobile app.
    public var isMobile = false
    /// How long ago Bitrix24 sent it (its `ts`), in whole seconds (0 when unknown or in the future).
    public var ageSeconds = 0
    /// Sent longer ago than the configured maximum age: it is not to be dialled.
    public var isStale = false
    /// The names of the fields that were present but not valid (left out), for the log.
    public var refusedFields: [String] = []

    /// Creates a request of `kind` with nothing else known.
    public init(kind: Kind) {
        self.kind = kind
    }

    /// The event's payload as rules read it (`event.*`), exactly the catalog's schema.
    public var payload: Value {
        var fields: [String: Value] = [
            "stale": .bool(isStale), "age_seconds": .int(ageSeconds),
        ]
        fields["phone"] = phone.map(Value.string)
        fields["crm_entity_type"] = crmEntityType.map(Value.string)
        fields["crm_entity_id"] = crmEntityID.map(Value.int)
        fields["line"] = line.map(Value.string)
        if kind == .clickToCall {
            fields["call_id"] = .string(callID ?? "")
            fields["user"] = .int(user ?? 0)
            fields["extension"] = `extension`.map(Value.string)
            fields["call_list_id"] = callListID.map(Value.int)
            fields["mobile"] = .bool(isMobile)
        }
        return .map(fields)
    }
}

/// Why a Bitrix24 event cannot become a call.
public enum CRMCallRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not `ONEXTERNALCALLSTART` nor `ONEXTERNALCALLBACKSTART`.
    case unknownEvent(String)
    /// A click-to-call without a usable `data[CALL_ID]` (nothing could ever finish it).
    case invalidCallID
    /// A click-to-call without a usable `data[USER_ID]`.
    case invalidUser

    public var description: String {
        switch self {
        case .unknownEvent(let name): "not a telephony event: \(String(name.prefix(40)).debugDescription)"
        case .invalidCallID: "data[CALL_ID] is missing or not a Bitrix24 call id"
        case .invalidUser: "data[USER_ID] is missing or not a user id"
        }
    }
}
