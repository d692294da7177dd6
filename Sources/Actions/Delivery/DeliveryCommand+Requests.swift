public import Adapters

/// Commands built from typed Bitrix24 requests: the request's method and parameters are the one encoding of what
/// the portal is asked, whether it is sent at once or from the outbox.
extension DeliveryCommand {
    /// A command performing `request` as step `step` of `callKey`; `bindings` fill parameters from earlier results.
    public init(
        callKey: String,
        step: String,
        request: some Bitrix24Request,
        bindings: [String: DeliveryBinding] = [:],
        deduplicationPhone: String? = nil
    ) {
        self.init(
            callKey: callKey,
            step: step,
            method: request.method,
            params: request.parameters,
            bindings: bindings,
            deduplicationPhone: deduplicationPhone
        )
    }

    /// `telephony.externalcall.register` of `request` (see ``register(callKey:params:)``).
    public static func register(callKey: String, _ request: Bitrix24RegisterCallRequest) -> DeliveryCommand {
        register(callKey: callKey, params: request.parameters)
    }

    /// `request` for the call's card, with the register's `CALL_ID`.
    public static func card(callKey: String, step: String, _ request: Bitrix24CardRequest) -> DeliveryCommand {
        DeliveryCommand(callKey: callKey, step: step, request: request, bindings: [callIDParameter: .callID])
    }

    /// `telephony.externalcall.finish` of `request`, with the register's `CALL_ID`.
    public static func finish(
        callKey: String,
        _ request: Bitrix24FinishCallRequest,
        step: String = "finish"
    ) -> DeliveryCommand {
        DeliveryCommand(callKey: callKey, step: step, request: request, bindings: [callIDParameter: .callID])
    }

    /// `crm.lead.add` of `request`, sent only when `crm.duplicate.findbycomm` finds nothing for `phone`.
    public static func addLead(
        callKey: String,
        _ request: Bitrix24AddLeadRequest,
        phone: String,
        step: String = "lead"
    ) -> DeliveryCommand {
        DeliveryCommand(callKey: callKey, step: step, request: request, deduplicationPhone: phone)
    }

    /// The parameter a call's commands name it by.
    static let callIDParameter = Bitrix24CardRequest.callIDParameter
}
