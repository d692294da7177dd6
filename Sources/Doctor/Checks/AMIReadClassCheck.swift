import AMIProtocol
import Adapters
import RuleDSL

/// The events the engine reads reach it: their classes are in the user's `read =` (manager.conf) and in the
/// login's `Events:` mask (`ami.events` of engine.yaml).
struct AMIReadClassCheck: DoctorCheck {
    let id = "ami.read"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        let requirements = context.requirements
        let needed = requirements.readClasses
        var problems: [String] = []
        var fixes: [String] = []
        let mask = context.config.ami?.events ?? "on"
        if mask.lowercased() != "on" {
            let granted = AMIClassSet.parse(mask).classes
            let missing = granted.missing(from: needed)
            if !missing.isEmpty {
                problems.append("ami.events (the login's Events mask) is \(mask): " + describe(missing, requirements))
                fixes.append("set ami.events to on (or \(needed)) in \(context.configPath)")
            }
        }
        var ignored: [String] = []
        if let section = context.managerUser {
            let missing = section.read.missing(from: needed)
            if !missing.isEmpty {
                problems.append("read = \(section.read) in manager.conf: " + describe(missing, requirements))
                fixes.append("in manager.conf [\(context.amiUser)] set read = \(needed); " + DoctorContext.reloadHint)
            }
            ignored = section.ignoredLabels.map { "Asterisk ignores the class label \"\($0)\" (spaces or a typo)" }
        } else if problems.isEmpty, let reason = context.managerUserSkipReason {
            return skipped("\(reason); the engine needs read = \(needed)")
        }
        if !problems.isEmpty {
            return finding(
                .failure,
                "Asterisk withholds events the engine reads",
                fix: fixes.joined(separator: "; "),
                details: problems + ignored
            )
        }
        if !ignored.isEmpty {
            return finding(
                .warning,
                "read covers \(needed), but a label is ignored",
                fix: "write the classes "
                    + "comma-separated without spaces",
                details: ignored
            )
        }
        return finding(.ok, "\(context.amiUser) receives the classes the engine reads (\(needed))")
    }

    private func describe(_ missing: [String], _ requirements: EngineRequirements) -> String {
        missing.map { label in
            let events = requirements.events(ofClass: label).map(\.event).joined(separator: ", ")
            return "no \(label) (\(events))"
        }.joined(separator: "; ")
    }
}
