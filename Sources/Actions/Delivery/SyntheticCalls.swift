import Adapters

/// The commands of made-up calls, for `engine deliver`, `engine bench b24` and the delivery tests.
///
/// Call `index` rings from `+7 999 <index>` to `operators`; the first operator answers.
public enum SyntheticCalls {
    /// What each call does.
    public enum Script: String, Sendable, CaseIterable {
        /// register, then one show to every ringing operator: a card per operator.
        case ring
        /// register, lead (after a duplicate check), show to all, hide for those who did not answer, finish.
        case full
    }

    /// The call key of call `index` (also its `EXTERNAL_CALL_ID`).
    public static func callKey(_ index: Int, prefix: String = "synthetic") -> String {
        "\(prefix).\(index)"
    }

    /// The caller's number of call `index`.
    public static func phone(_ index: Int) -> String {
        let digits = String(index)
        return "+7999" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    /// The commands of call `index`, in order.
    public static func commands(
        index: Int,
        operators: [Int],
        script: Script,
        prefix: String = "synthetic"
    ) -> [DeliveryCommand] {
        let key = callKey(index, prefix: prefix)
        let answering = operators.first ?? 1
        var commands: [DeliveryCommand] = [
            .register(
                callKey: key,
                Bitrix24RegisterCallRequest(
                    user: .id(answering),
                    phoneNumber: phone(index),
                    type: .incoming,
                    createCrmEntity: false,
                    show: false,
                    lineNumber: "74951112233"
                )
            )
        ]
        if script == .full {
            commands.append(
                .addLead(
                    callKey: key,
                    Bitrix24AddLeadRequest(
                        Bitrix24LeadFields(
                            title: "Call from \(phone(index))",
                            sourceID: "CALL",
                            assignedByID: answering,
                            phones: [(phone(index), "WORK")]
                        )
                    ),
                    phone: phone(index)
                )
            )
        }
        commands.append(.show(callKey: key, step: "show", userIDs: operators.isEmpty ? [answering] : operators))
        if script == .full {
            let others = Array(operators.dropFirst())
            if !others.isEmpty { commands.append(.hide(callKey: key, step: "hide", userIDs: others)) }
            commands.append(
                .finish(callKey: key, Bitrix24FinishCallRequest(user: .id(answering), duration: 42, statusCode: "200"))
            )
        }
        return commands
    }
}
