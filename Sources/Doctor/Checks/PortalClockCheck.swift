import AMIProtocol
import Adapters
import RuleDSL

/// The portal's clock (`time.start` of its answers) agrees with this host's.
struct PortalClockCheck: DoctorCheck {
    let id = "bitrix24.clock"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        guard context.portal.answered else { return skipped("the webhook did not answer") }
        guard let skew = context.portal.clockSkew else { return skipped("the portal's answer carried no time") }
        return ClockVerdict.judge(
            skew,
            what: "the portal's clock",
            options: context.options,
            fix: "synchronise this host's clock with NTP (`timedatectl set-ntp true`, or chrony); calls are registered "
                + "with CALL_START_DATE from the PBX's clock and the portal de-duplicates within 30 minutes",
            check: self
        )
    }
}
