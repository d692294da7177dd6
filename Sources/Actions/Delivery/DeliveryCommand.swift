public import Adapters

/// One REST command for a Bitrix24 portal, as stored in the outbox: plain data, `Codable`.
///
/// Commands of one call (same ``callKey``) are delivered in the order they were enqueued; commands of
/// different calls travel in parallel (in the same `batch`). ``step`` names the command within its call
/// (unique per call), so enqueueing the same command twice is harmless and later commands can read its
/// result through ``bindings``.
public struct DeliveryCommand: Codable, Sendable, Hashable {
    /// The step name of a call's register, which ``DeliveryBinding/callID`` reads.
    public static let registerStep = "register"

    /// The call this command belongs to (the PBX call id, e.g. Asterisk's linkedid).
    public var callKey: String
    /// Unique within the call (`register`, `show-1`, `finish`, …).
    public var step: String
    /// The REST method (`telephony.externalcall.show`).
    public var method: String
    /// Literal parameters.
    public var params: [String: Bitrix24Value]
    /// Parameters filled from earlier commands' results (e.g. `CALL_ID` from the register).
    public var bindings: [String: DeliveryBinding]
    /// For `crm.lead.add`: the phone `crm.duplicate.findbycomm` must find nothing for before the lead is added.
    public var deduplicationPhone: String?
    /// The rule's `as:` name the result lands in, if any (kept in the outbox, so a result that arrives after a
    /// restart still lands).
    public var resultBinding: String?
    /// For an attachRecord of a recording: the file to send (its path; read when the command goes out).
    public var upload: DeliveryUpload?

    /// A command; prefer the typed constructors (``register(callKey:params:)`` …).
    public init(
        callKey: String,
        step: String,
        method: String,
        params: [String: Bitrix24Value] = [:],
        bindings: [String: DeliveryBinding] = [:],
        deduplicationPhone: String? = nil
    ) {
        self.callKey = callKey
        self.step = step
        self.method = method
        self.params = params
        self.bindings = bindings
        self.deduplicationPhone = deduplicationPhone
    }

    /// What the command does.
    public var kind: DeliveryCommandKind { DeliveryCommandKind(method: method) }

    /// `telephony.externalCall.register`; `EXTERNAL_CALL_ID` defaults to the call key, so a retry whose
    /// first answer was lost gets the same CALL_ID back instead of a second call (and a second lead).
    public static func register(callKey: String, params: [String: Bitrix24Value]) -> DeliveryCommand {
        var params = params
        if params["EXTERNAL_CALL_ID"]?.nonEmptyString == nil { params["EXTERNAL_CALL_ID"] = .string(callKey) }
        return DeliveryCommand(
            callKey: callKey,
            step: registerStep,
            method: "telephony.externalcall.register",
            params: params
        )
    }

    /// `telephony.externalCall.show` of the call's card to `userIDs`.
    public static func show(callKey: String, step: String, userIDs: [Int]) -> DeliveryCommand {
        card(callKey: callKey, step: step, Bitrix24CardRequest(showingTo: userIDs))
    }

    /// `telephony.externalCall.hide` of the call's card for `userIDs`.
    public static func hide(callKey: String, step: String, userIDs: [Int]) -> DeliveryCommand {
        card(callKey: callKey, step: step, Bitrix24CardRequest(hidingFrom: userIDs))
    }

    /// `telephony.externalCall.finish` (`USER_ID`, `DURATION`, `STATUS_CODE`, … in `params`).
    public static func finish(
        callKey: String,
        params: [String: Bitrix24Value],
        step: String = "finish"
    ) -> DeliveryCommand {
        DeliveryCommand(
            callKey: callKey,
            step: step,
            method: "telephony.externalcall.finish",
            params: params,
            bindings: ["CALL_ID": .callID]
        )
    }

    /// `telephony.externalCall.attachRecord` (inline `FILENAME` + `FILE_CONTENT`, or `RECORD_URL`).
    public static func attachRecord(
        callKey: String,
        params: [String: Bitrix24Value],
        step: String = "record"
    ) -> DeliveryCommand {
        DeliveryCommand(
            callKey: callKey,
            step: step,
            method: "telephony.externalcall.attachrecord",
            params: params,
            bindings: ["CALL_ID": .callID]
        )
    }

    /// `telephony.externalCall.attachRecord` of the file `upload` names, after the call's finish: `CALL_ID` is read
    /// from the result of `finishStep`, so the record goes out only once the finish was acknowledged.
    public static func attachRecord(
        callKey: String,
        step: String,
        filename: String,
        upload: DeliveryUpload,
        finishStep: String
    ) -> DeliveryCommand {
        var command = DeliveryCommand(
            callKey: callKey,
            step: step,
            method: "telephony.externalcall.attachrecord",
            params: ["FILENAME": .string(filename)],
            bindings: ["CALL_ID": DeliveryBinding(step: finishStep, path: ["CALL_ID"])]
        )
        command.upload = upload
        return command
    }
}
