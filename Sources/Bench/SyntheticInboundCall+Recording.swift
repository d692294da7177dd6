import AMIProtocol
import Foundation

extension SyntheticInboundCall {
    /// The caller's channel starts MixMonitor on `file` (VarSet `MIXMONITOR_FILENAME`, then MixMonitorStart), as the
    /// test PBX's dialplan does right after answering.
    func recording(_ file: String) -> [AMIMessage] {
        [
            AMIMessage(
                callerBlock("VarSet", at: 0.6) + [
                    AMIHeader("Variable", "MIXMONITOR_FILENAME"), AMIHeader("Value", file),
                ]
            ),
            AMIMessage(callerBlock("MixMonitorStart", at: 0.6)),
        ]
    }

    /// Every member's and the caller's channels hang up (normal clearing): the call ends, its recording with it.
    var hangup: [AMIMessage] {
        memberExtensions.indices.map(memberHangup) + [
            AMIMessage(
                callerBlock("Hangup", at: 8) + [AMIHeader("Cause", "16"), AMIHeader("Cause-txt", "Normal Clearing")]
            )
        ]
    }

    private func memberHangup(_ phone: Int) -> AMIMessage {
        AMIMessage(
            [
                AMIHeader("Event", "Hangup"), AMIHeader("Timestamp", stamp(8)),
                AMIHeader("Channel", memberChannel(phone)),
                AMIHeader("ChannelState", "6"), AMIHeader("Context", "agents"),
                AMIHeader("Exten", memberExtensions[phone]),
                AMIHeader("Uniqueid", memberUniqueid(phone)), AMIHeader("Linkedid", linkedid), AMIHeader("Cause", "16"),
                AMIHeader("Cause-txt", "Normal Clearing"),
            ]
        )
    }

    private func callerBlock(_ event: String, at offset: Double) -> [AMIHeader] {
        [
            AMIHeader("Event", event), AMIHeader("Timestamp", stamp(offset)), AMIHeader("Channel", callerChannel),
            AMIHeader("ChannelState", "6"), AMIHeader("ChannelStateDesc", "Up"), AMIHeader("CallerIDNum", caller),
            AMIHeader("Context", "incoming"), AMIHeader("Exten", Self.did), AMIHeader("Uniqueid", linkedid),
            AMIHeader("Linkedid", linkedid),
        ]
    }
}
