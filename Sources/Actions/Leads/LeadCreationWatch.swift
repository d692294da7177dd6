public import RuleDSL

/// Who creates unknown callers' leads (`bitrix24.lead_creation`), and whether the engine does so now: with `auto`,
/// Bitrix24 does (`CRM_CREATE`) until it reports `LEAD_CREATION_ERROR`; from then on — remembered in the state file —
/// the rules run search → lead → register (`config.bitrix24.lead_creation` reads `engine`), so each call is bound to
/// its lead.
public struct LeadCreationWatch: Sendable {
    /// The configured mode.
    public let mode: EngineConfig.LeadCreation
    let facts: PortalFacts?

    /// A watch for `mode`, remembering a refusal in `facts`.
    public init(mode: EngineConfig.LeadCreation, facts: PortalFacts?) {
        self.mode = mode
        self.facts = facts
    }

    /// Whether the engine creates leads at start: `engine`, or `auto` on a portal that refused before.
    public func engineCreatesLeadsAtStart() async throws(OutboxError) -> Bool {
        switch mode {
        case .engine: true
        case .portal: false
        case .auto: try await facts?.value(PortalFacts.leadCreationRefused) != nil
        }
    }

    /// The rules' `config` with `bitrix24.lead_creation` reading `engine` (or `portal`).
    public static func config(_ config: Value, engineCreatesLeads value: Bool) -> Value {
        guard case .map(var root) = config, case .map(var portal)? = root["bitrix24"] else { return config }
        portal["lead_creation"] = .string(value ? "engine" : "portal")
        root["bitrix24"] = .map(portal)
        return .map(root)
    }
}
