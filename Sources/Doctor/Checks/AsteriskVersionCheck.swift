import AMIProtocol
import Adapters
import RuleDSL

/// Asterisk is a version the engine knows (16 to 22; the captures it is tested on come from 22).
struct AsteriskVersionCheck: DoctorCheck {
    let id = "asterisk.version"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        if let reason = context.amiSkipReason { return skipped(reason) }
        let ami = context.ami
        let shown = ami.version.map { "Asterisk \($0)" } ?? ami.asteriskMajor.map { "Asterisk \($0)" }
        let banner = ami.banner.map { " (\($0))" } ?? ""
        guard let major = ami.asteriskMajor, let shown else {
            return finding(
                .warning,
                "cannot tell which Asterisk answers\(banner)",
                fix: "the engine is tested with Asterisk 22 and supports 16 to 22; check `asterisk -V`"
            )
        }
        if major < 16 {
            return finding(
                .failure,
                "\(shown)\(banner) is older than the supported 16 to 22",
                fix: "upgrade Asterisk (event names and classes changed in 16: Newexten moved to class dialplan)"
            )
        }
        if major > 22 {
            return finding(
                .warning,
                "\(shown)\(banner) is newer than the tested 16 to 22",
                fix: "run the engine's end-to-end tests against it before relying on it"
            )
        }
        let exact = ami.version == nil ? "; CoreSettings (write class reporting) gives the exact version" : ""
        return finding(.ok, "\(shown)\(banner)\(exact)")
    }
}
