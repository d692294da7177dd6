import AMIProtocol
import Adapters
import RuleDSL

/// Events carry `Timestamp:` (`timestampevents = yes`): call start and talk times come from Asterisk's clock, not
/// from when the engine happened to read them.
struct TimestampEventsCheck: DoctorCheck {
    let id = "ami.timestampevents"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        let fix =
            "set timestampevents = yes in manager.conf [general], then `asterisk -rx \"module reload manager\"`"
        let configured = context.managerConf.conf.map(\.general)
        if context.amiSkipReason == nil, context.ami.eventsSeen > 0 {
            if context.ami.eventsWithTimestamp > 0 { return finding(.ok, "events carry Timestamp: (seen live)") }
            return finding(
                .warning,
                "events come without Timestamp: call times are the moments the engine read them",
                fix: fix
            )
        }
        guard let configured else {
            return skipped("no event arrived while the doctor listened and manager.conf was not read")
        }
        guard configured.timestampEvents else {
            return finding(
                .warning,
                "\(context.managerConf.path) [general] does not say timestampevents = yes: call times are the "
                    + "moments the engine read the events",
                fix: fix
            )
        }
        return finding(.ok, "\(context.managerConf.path) [general] says timestampevents = yes")
    }
}
