import AMIProtocol
import Adapters
import RuleDSL

/// Asterisk's clock agrees with this host's (Ping's `Timestamp`): call times come from Asterisk, waits and
/// retries from this host.
struct AMIClockCheck: DoctorCheck {
    let id = "ami.clock"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        if let reason = context.amiSkipReason { return skipped(reason) }
        if let error = context.ami.pingError {
            return finding(.warning, "Ping failed: \(error)", fix: "check the AMI link; the engine pings every 10 s")
        }
        guard let skew = context.ami.clockSkew else {
            return finding(.warning, "Asterisk's Ping reply has no Timestamp: clocks not compared")
        }
        return ClockVerdict.judge(
            skew,
            what: "Asterisk's clock",
            options: context.options,
            fix: "synchronise the PBX's and this host's clocks with NTP (`timedatectl set-ntp true`, or chrony); "
                + "CALL_START_DATE and talk times come from Asterisk's clock",
            check: self
        )
    }
}

/// The verdict on a clock `skew` seconds from this host's.
enum ClockVerdict {
    static func judge(
        _ skew: Double,
        what: String,
        options: DoctorOptions,
        fix: String,
        check: some DoctorCheck
    ) -> DoctorFinding {
        let direction = skew > 0 ? "ahead of" : "behind"
        let text = "\(what) is \(describeSeconds(skew)) \(direction) this host's"
        if abs(skew) > options.clockFailureSeconds { return check.finding(.failure, text, fix: fix) }
        if abs(skew) > options.clockWarningSeconds { return check.finding(.warning, text, fix: fix) }
        return check.finding(.ok, "\(what) is within \(describeSeconds(max(abs(skew), 0.1))) of this host's")
    }
}
