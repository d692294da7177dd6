import AMIProtocol
import Adapters
import RuleDSL

/// Asterisk accepts the engine's user and secret.
struct AMILoginCheck: DoctorCheck {
    let id = "ami.login"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        guard context.ami.connectError == nil else { return skipped("AMI is not reachable") }
        let user = context.amiUser
        guard let error = context.ami.loginError else {
            return finding(.ok, "logged in as \(user) (MD5 challenge)")
        }
        var fix =
            "ami.username must name a [section] of manager.conf and ami.secret (e.g. AMI_SECRET) be its secret; "
            + "the section's permit/deny must let this host in; "
        if let conf = context.managerConf.conf {
            if let section = conf.user(named: user) {
                if let secret = section.secret, let configured = context.config.ami?.secret,
                    secret.revealed != configured.reveal()
                {
                    fix =
                        "the secret of [\(user)] in \(context.managerConf.path) differs from ami.secret: "
                        + "set the same value in both; "
                }
            } else {
                fix =
                    "\(context.managerConf.path) has no [\(user)] section: add the one "
                    + "`engine asterisk manager-conf` prints; "
            }
        }
        return finding(
            .failure,
            "Asterisk refused the login of \(user): \(error)",
            fix: fix + DoctorContext.reloadHint
        )
    }
}
