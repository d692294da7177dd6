import Actions
import Adapters
import Foundation
import Logging
import Metrics
import RuleDSL

/// Reloads the rules folder into the pipeline (SIGHUP, the admin endpoint): the new rules go into force only
/// when they load without an error; otherwise the rules in force stay, and the errors are logged.
struct RuleReloader: Sendable {
    let path: String
    let pipeline: CallPipeline
    let health: HealthRegistry
    let logger: Logger

    /// The outcome, in one line.
    struct Outcome: Sendable {
        var ok: Bool
        var message: String
    }

    func reload() async -> Outcome {
        let loaded = RuleSetLoader.load(paths: [path])
        guard let ruleSet = loaded.ruleSet else {
            let errors = loaded.report.diagnostics.filter { $0.severity == .error }
            let first = errors.first.map { "\($0.range): \($0.message)" } ?? "unknown error"
            logger.error(
                "rules not reloaded: the rules in force stay",
                metadata: [
                    "path": "\(path)", "errors": "\(errors.count)", "first": "\(first)",
                ]
            )
            SwitchboardMetrics.ruleReloads(result: .failed).increment()
            health.markHealthy(HealthComponent.rules, detail: "the last reload failed; the rules in force stay")
            return Outcome(
                ok: false,
                message: "rules not reloaded (\(errors.count) errors; the rules in force stay): \(first)"
            )
        }
        await pipeline.load(ruleSet)
        let generation = await pipeline.generationNumber
        logger.notice(
            "rules reloaded",
            metadata: [
                "path": "\(path)", "rules": "\(ruleSet.rules.count)",
                "generation": "\(generation)",
            ]
        )
        SwitchboardMetrics.ruleReloads(result: .ok).increment()
        health.markHealthy(HealthComponent.rules, detail: "\(ruleSet.rules.count) rules, generation \(generation)")
        return Outcome(ok: true, message: "rules reloaded: \(ruleSet.rules.count) rules, generation \(generation)")
    }
}
