import AMIProtocol
import Adapters
import RuleDSL

/// manager.conf is there, enables AMI, has the engine's user, and that user's secret is ami.secret.
struct ManagerConfCheck: DoctorCheck {
    let id = "ami.manager_conf"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        let user = context.amiUser
        switch context.managerConf {
        case .missing(let path):
            return skipped(
                "no manager.conf at \(path): the read and write classes, eventfilter, timestampevents and "
                    + "writetimeout are checked from it (AMI cannot be asked); on the PBX run engine doctor there, "
                    + "or pass --manager-conf PATH, or compare it with `engine asterisk manager-conf`"
            )
        case .unreadable(let path, let reason):
            return finding(
                .warning,
                "cannot read \(path): \(reason)",
                fix: "run engine doctor as root or as a user of the asterisk group (sudo -u asterisk engine doctor …)"
            )
        case .loaded(let path, let conf):
            let problems = conf.problems
            guard conf.general.enabled else {
                return finding(
                    .failure,
                    "\(path) [general] does not say enabled = yes: AMI is off",
                    fix: "set enabled = yes in [general], then `asterisk -rx \"module reload manager\"`",
                    details: problems
                )
            }
            guard let section = conf.user(named: user) else {
                return finding(
                    .failure,
                    "\(path) has no [\(user)] section (users: \(conf.userNames.joined(separator: ", ")))",
                    fix: "add the section `engine asterisk manager-conf` prints; " + DoctorContext.reloadHint,
                    details: problems
                )
            }
            if let secret = section.secret, let configured = context.config.ami?.secret,
                secret.revealed != configured.reveal()
            {
                return finding(
                    .failure,
                    "the secret of [\(user)] in \(path) is not ami.secret",
                    fix: "set the same secret in manager.conf and in ami.secret (AMI_SECRET); "
                        + DoctorContext.reloadHint,
                    details: problems
                )
            }
            if !problems.isEmpty {
                return finding(
                    .warning,
                    "\(path): [\(user)] found, but some lines were not read",
                    fix: "correct or remove these lines (Asterisk ignores them too)",
                    details: problems
                )
            }
            let secretNote = section.secret == nil ? " (it has no secret)" : ", its secret is ami.secret"
            return finding(.ok, "\(path): [\(user)] found\(secretNote)")
        }
    }
}
