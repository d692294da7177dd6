import AMIProtocol
import Adapters
import RuleDSL

/// The webhook's scopes cover every method the engine calls: `user` for the directory and the scope of each
/// Bitrix24 action the rules perform (`telephony` for the cards and calls, `crm` for leads).
struct WebhookScopeCheck: DoctorCheck {
    let id = "bitrix24.scopes"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        guard context.portal.answered, let granted = context.portal.grantedScopes else {
            return skipped("the webhook did not answer")
        }
        let missing = context.requirements.scopes.filter { !Bitrix24Scope.isGranted($0.scope, in: Set(granted)) }
        let grantedText = granted.isEmpty ? "none" : granted.joined(separator: ", ")
        guard missing.isEmpty else {
            let names = missing.map(\.scope).joined(separator: ", ")
            return finding(
                .failure,
                "the webhook lacks the scope\(missing.count == 1 ? "" : "s") \(names) (granted: \(grantedText))",
                fix: "in \(WebhookCheck.screen), edit the webhook and tick \(names); the URL stays the same",
                details: missing.map { "\($0.scope): " + groupedByAction($0.purposes) }
            )
        }
        let needed = context.requirements.scopes.map(\.scope).joined(separator: ", ")
        return finding(.ok, "the webhook's scopes (\(grantedText)) cover what the engine calls (\(needed))")
    }
}
