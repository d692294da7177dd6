import AMIProtocol
import Adapters
import Foundation
public import RuleDSL

/// `engine doctor`: checks an engine.yaml against the Asterisk and the Bitrix24 portal it names, and says for
/// every problem what to change. Read-only: it logs in, asks, and tries actions only in forms that do nothing.
public enum Doctor {
    /// Loads the rules, probes Asterisk and the portal at once, and runs every check of `checks`.
    /// The configuration must have `ami` and `bitrix24` sections.
    public static func run(
        config: EngineConfig,
        configPath: String,
        options: DoctorOptions = DoctorOptions(),
        checks: [any DoctorCheck] = DoctorRegistry.standard
    ) async -> DoctorReport {
        guard let ami = config.ami, let portal = config.bitrix24 else {
            return DoctorReport(findings: [
                DoctorFinding(
                    check: "config",
                    status: .failure,
                    message: "\(configPath) configures no \(config.ami == nil ? "ami" : "bitrix24") section",
                    fix: "configure both ami: and bitrix24: (see engine.example.yaml), then run engine doctor again"
                )
            ])
        }
        let loaded = RuleSetLoader.load(paths: [config.rulesPath])
        let rules: DoctorContext.Rules
        if let ruleSet = loaded.ruleSet {
            rules = .loaded(ruleSet)
        } else {
            let errors = loaded.report.diagnostics.filter { $0.severity == .error }.sorted()
            let first = errors.first.map { "\($0.range): \($0.code.id) \($0.message)" } ?? ""
            rules = .failed(errors: errors.count, first: first)
        }
        var ruleSet: CompiledRuleSet?
        if case .loaded(let set) = rules { ruleSet = set }
        let requirements = EngineRequirements(ruleSet: ruleSet)
        async let amiResult = AMIProbe.run(ami, requirements: requirements, listenTimeout: options.listenTimeout)
        async let portalResult = PortalProbe.run(portal)
        let probed = await (amiResult, portalResult)
        let unreadable = options.capturePaths.filter { !FileManager.default.isReadableFile(atPath: $0) }
        let context = DoctorContext(
            config: config,
            configPath: configPath,
            rules: rules,
            requirements: requirements,
            managerConf: ManagerConfSource.load(path: options.managerConfPath),
            ami: probed.0,
            portal: probed.1,
            extensions: ExtensionSighting.collect(
                queueMembers: probed.0.queueMembers,
                capturePaths: options.capturePaths.filter { !unreadable.contains($0) }
            ),
            unreadableCaptures: unreadable,
            options: options
        )
        var findings: [DoctorFinding] = []
        for check in checks { findings.append(await check.evaluate(context)) }
        return DoctorReport(findings: findings)
    }
}
