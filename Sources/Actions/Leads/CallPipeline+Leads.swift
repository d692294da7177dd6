import Engine
import Foundation
import Logging
import RuleDSL

extension CallPipeline {
    /// Follows register results for `LEAD_CREATION_ERROR` under `watch` (see ``LeadCreationWatch``).
    public func watchLeadCreation(_ watch: LeadCreationWatch) {
        leadCreation = watch
    }

    /// Whether the rules now read `config.bitrix24.lead_creation` as `engine`.
    public var engineCreatesLeads: Bool {
        guard case .map(let root) = engine.interpreter.config, case .map(let portal)? = root["bitrix24"] else {
            return false
        }
        return portal["lead_creation"] == .string("engine")
    }

    /// A result landed: a register that reports `LEAD_CREATION_ERROR` under `auto` switches later calls to
    /// search → lead → register, and the switch is remembered.
    func noteLeadCreation(action: String, value: Value?) async {
        guard let watch = leadCreation, watch.mode == .auto, action == ActionKind.registerCall.rawValue,
            case .map(let result)? = value, case .string(let reason)? = result["lead_creation_error"],
            !engineCreatesLeads
        else { return }
        engine.interpreter.config = LeadCreationWatch.config(engine.interpreter.config, engineCreatesLeads: true)
        logger.notice(
            "Bitrix24 refused to create a lead: unknown callers' leads are now created first (search, lead, register)",
            metadata: ["reason": "\(reason)"]
        )
        do {
            try await watch.facts?.note(PortalFacts.leadCreationRefused, reason)
        } catch {
            logger.error("the lead switch could not be remembered", metadata: ["error": "\(error)"])
        }
    }
}
