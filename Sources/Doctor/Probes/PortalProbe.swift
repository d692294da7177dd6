import AMIProtocol
import Adapters
import Foundation
import Logging
import RuleDSL

/// Asks the portal what the checks need, with the engine's own client: `scope` (the webhook works, its scopes, the
/// portal's clock), then the user directory exactly as the engine loads it. Read-only.
enum PortalProbe {
    static func run(_ portal: EngineConfig.Bitrix24) async -> PortalProbeResult {
        let auth: Bitrix24WebhookAuth
        do {
            auth = try Bitrix24WebhookAuth(webhookURL: portal.webhookURL.reveal())
        } catch {
            return PortalProbeResult(portal: "(unusable URL)", configurationError: error.description)
        }
        var result = PortalProbeResult(portal: auth.portalDescription)
        var quiet = Logger(label: "switchboard.doctor.bitrix24")
        quiet.logLevel = .critical
        let client = Bitrix24Client(auth: auth, configuration: .init(timeout: .seconds(10)), logger: quiet)
        let before = Date()
        do {
            let answer = try await client.call("scope")
            let after = Date()
            result.grantedScopes = (answer.result.arrayValue ?? []).compactMap(\.stringValue).sorted()
            if let server = answer.serverTime {
                let midpoint = (before.timeIntervalSince1970 + after.timeIntervalSince1970) / 2
                result.clockSkew = server.timeIntervalSince1970 - midpoint
            }
        } catch let error as Bitrix24Error {
            result.webhookError = .init(status: error.httpStatus, code: error.code, description: error.description)
            return result
        } catch {
            result.webhookError = .init(status: nil, code: nil, description: String(describing: error))
            return result
        }
        guard Bitrix24Scope.isGranted("user", in: Set(result.grantedScopes ?? [])) else {
            result.directoryError = "the webhook has no user scope, so user.get is refused"
            return result
        }
        let directory = Bitrix24UserDirectory(
            source: client,
            configuration: .init(defaultUserID: portal.defaultUser, overrides: portal.userOverrides),
            logger: quiet
        )
        do {
            result.directory = try await directory.refresh()
        } catch let error as Bitrix24Error {
            result.directoryError = error.description
        } catch {
            result.directoryError = String(describing: error)
        }
        return result
    }
}
