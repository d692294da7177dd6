import AMIProtocol
import Adapters
import RuleDSL

/// The user's `writetimeout` gives the engine room: at the default 100 ms Asterisk drops a reader that falls behind
/// for a moment in a burst, and the events in that moment are lost.
struct WriteTimeoutCheck: DoctorCheck {
    let id = "ami.writetimeout"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        if let reason = context.managerUserSkipReason { return skipped(reason) }
        guard let section = context.managerUser else { return skipped("no user section") }
        guard section.writeTimeout >= 1000 else {
            return finding(
                .warning,
                "writetimeout = \(section.writeTimeout) ms for [\(context.amiUser)]: in a burst Asterisk drops the "
                    + "engine's session and the events in flight",
                fix: "set writetimeout = 5000 in [\(context.amiUser)]; " + DoctorContext.reloadHint
            )
        }
        return finding(.ok, "writetimeout = \(section.writeTimeout) ms")
    }
}
