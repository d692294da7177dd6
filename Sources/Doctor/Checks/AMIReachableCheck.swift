import AMIProtocol
import Adapters
import RuleDSL

/// A TCP connection to AMI opens and Asterisk greets.
struct AMIReachableCheck: DoctorCheck {
    let id = "ami.reachable"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        let ami = context.ami
        let port = context.config.ami?.port ?? 5038
        if let error = ami.connectError {
            return finding(
                .failure,
                "no AMI at \(ami.address): \(error)",
                fix: "start Asterisk; in manager.conf [general] set enabled = yes, port = \(port) and a bindaddr "
                    + "this host reaches (127.0.0.1 when the engine runs on the PBX); "
                    + "`asterisk -rx \"manager show settings\"` shows what is in force"
            )
        }
        return finding(.ok, "AMI at \(ami.address) answers" + (ami.banner.map { ": \($0)" } ?? ""))
    }
}
