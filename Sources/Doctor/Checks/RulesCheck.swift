import AMIProtocol
import Adapters
import RuleDSL

/// The rules load as the daemon loads them (a daemon with broken rules does not start).
struct RulesCheck: DoctorCheck {
    let id = "rules"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        switch context.rules {
        case .loaded(let ruleSet):
            return finding(.ok, "\(ruleSet.rules.count) rules in \(context.config.rulesPath) load")
        case .failed(let errors, let first):
            return finding(
                .failure,
                "the rules in \(context.config.rulesPath) have \(errors) error\(errors == 1 ? "" : "s"): \(first)",
                fix: "run `engine lint \(context.config.rulesPath)` and correct them; `engine run` refuses to start "
                    + "until they load (the checks below use the engine's own needs only)"
            )
        }
    }
}
