import AMIProtocol
import Adapters
import Foundation
import RuleDSL

extension DoctorContext {
    /// The AMI user the engine logs in as.
    var amiUser: String { config.ami?.username ?? "switchboard" }

    /// The engine's user in manager.conf, when the file was read and has it.
    var managerUser: ManagerUser? { managerConf.conf?.user(named: amiUser) }

    /// Why AMI checks cannot run, or nil when the engine logged in.
    var amiSkipReason: String? {
        if ami.connectError != nil { return "AMI at \(ami.address) is not reachable" }
        if ami.loginError != nil { return "the login to AMI failed" }
        return nil
    }

    /// Why checks of manager.conf's user cannot run, or nil.
    var managerUserSkipReason: String? {
        switch managerConf {
        case .missing(let path): return "no manager.conf at \(path) (pass --manager-conf PATH)"
        case .unreadable(let path, _): return "\(path) is not readable"
        case .loaded(let path, _):
            return managerUser == nil ? "\(path) has no [\(amiUser)] section" : nil
        }
    }

    /// `then reload manager.conf` in the words of Asterisk's CLI.
    static let reloadHint = "then `asterisk -rx \"manager reload\"` (sessions logged in before keep the old settings)"
}

/// `5 min 0 s`, `1.4 s`.
func describeSeconds(_ seconds: Double) -> String {
    let magnitude = abs(seconds)
    if magnitude >= 60 {
        let whole = Int(magnitude.rounded())
        return "\(whole / 60) min \(whole % 60) s"
    }
    return String(format: "%.1f s", magnitude)
}

/// `b24.show_card in rule a`, `b24.show_card in rule b` → `b24.show_card (rules a, b)`.
func groupedByAction(_ purposes: [String]) -> String {
    var order: [String] = []
    var rules: [String: [String]] = [:]
    for purpose in purposes {
        let parts = purpose.components(separatedBy: " in rule ")
        if rules[parts[0]] == nil { order.append(parts[0]) }
        rules[parts[0], default: []] += parts.dropFirst()
    }
    return order.map { action in
        let names = rules[action] ?? []
        guard !names.isEmpty else { return action }
        return "\(action) (rule\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")))"
    }.joined(separator: ", ")
}
