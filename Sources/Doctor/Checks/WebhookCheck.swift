import AMIProtocol
import Adapters
import Foundation
import RuleDSL

/// The inbound webhook answers (`scope`).
struct WebhookCheck: DoctorCheck {
    let id = "bitrix24.webhook"

    /// Where the webhook is made, in the portal's menus.
    static let screen = "Bitrix24: Developer resources → Other → Inbound webhook"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        let portal = context.portal
        if let error = portal.configurationError {
            return finding(
                .failure,
                "bitrix24.webhook_url is unusable: \(error)",
                fix: "copy the webhook URL from \(Self.screen) (https://PORTAL/rest/<user>/<secret>/) into "
                    + "B24_WEBHOOK_URL"
            )
        }
        guard let error = portal.webhookError else {
            let insecure = portal.portal.hasPrefix("http://") && !Self.isLoopback(portal.portal)
            if insecure {
                return finding(
                    .warning,
                    "the webhook of \(portal.portal) answers over plain http",
                    fix: "use https:// (cloud portals refuse http; on-premise, http exposes the webhook's secret)"
                )
            }
            return finding(.ok, "the webhook of \(portal.portal) answers")
        }
        let code = error.code ?? ""
        let fix: String
        switch code {
        case "INVALID_CREDENTIALS", "NO_AUTH_FOUND", "expired_token":
            fix =
                "the user id or secret in the URL is wrong, or the webhook was deleted: copy the URL again from "
                + "\(Self.screen)"
        case "INVALID_REQUEST":
            fix = "the portal wants https://: change the scheme of bitrix24.webhook_url"
        case "ACCESS_DENIED":
            fix = "REST is available on commercial Bitrix24 plans only"
        case "OVERLOAD_LIMIT":
            fix = "the portal blocked REST for overload: ask Bitrix24 support to unblock it"
        case "insufficient_scope":
            fix = "tick the scopes the engine needs on the webhook (\(Self.screen))"
        default:
            fix =
                error.status == nil
                ? "check that this host resolves and reaches \(portal.portal) over HTTPS (DNS, firewall, proxy)"
                : "see the portal's answer above; the engine pauses delivery while the portal refuses the webhook"
        }
        return finding(.failure, "the portal \(portal.portal) refuses the webhook: \(error.description)", fix: fix)
    }

    private static func isLoopback(_ portal: String) -> Bool {
        guard let host = URLComponents(string: portal)?.host else { return false }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
