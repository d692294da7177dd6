import AMIProtocol
import Adapters
import RuleDSL

/// The user's `write =` classes let through every AMI action the engine sends: CoreShowChannels for the resync,
/// and those the rules perform (Originate for `ami.originate`, …). Tried live where a harmless form exists,
/// otherwise read from manager.conf.
struct AMIWriteClassCheck: DoctorCheck {
    let id = "ami.write"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        let requirements = context.requirements
        let section = context.managerUser
        guard context.amiSkipReason == nil || section != nil else {
            return skipped("\(context.amiSkipReason ?? "") and manager.conf was not read")
        }
        var refused: [String] = []
        var unchecked: [String] = []
        for need in requirements.writes {
            let classes = need.anyOf?.joined(separator: " or ") ?? "an unknown class"
            let line = "\(need.action) needs write \(classes), for \(groupedByAction(need.purposes))"
            switch context.amiSkipReason == nil ? context.ami.writeProbes[need.action] : nil {
            case .denied?:
                refused.append("\(line): Asterisk answered Permission denied")
            case .unknownAction?:
                refused.append("\(line): Asterisk does not know this action (is its module loaded?)")
            case .allowed?:
                continue
            case .notTried?, .failed?, nil:
                if let section, let anyOf = need.anyOf {
                    if !section.write.containsAny(of: anyOf) {
                        refused.append("\(line): write = \(section.write) in manager.conf")
                    }
                } else {
                    unchecked.append(line)
                }
            }
        }
        let minimal = requirements.minimalWriteClasses
        if !refused.isEmpty {
            return finding(
                .failure,
                "\(context.amiUser) may not send \(refused.count) AMI action\(refused.count == 1 ? "" : "s") "
                    + "the engine needs",
                fix: "in manager.conf [\(context.amiUser)] set write = \(minimal) (the least that suffices); "
                    + DoctorContext.reloadHint,
                details: refused
            )
        }
        if !unchecked.isEmpty {
            return finding(
                .warning,
                "could not check every AMI action the engine sends",
                fix: "make sure [\(context.amiUser)] has write = \(minimal)",
                details: unchecked
            )
        }
        let actions = requirements.writes.map(\.action).joined(separator: ", ")
        let source = context.amiSkipReason == nil ? "" : " (by manager.conf: not logged in)"
        return finding(.ok, "\(context.amiUser) may send \(actions)\(source); write = \(minimal) suffices")
    }
}
