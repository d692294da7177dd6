import AMIProtocol
import Adapters
import Foundation

/// Hand-made AMI events for unit tests of the call model: channel snapshot blocks as Asterisk 22 writes them.
struct AMIEvents {
    /// A channel: name, Uniqueid, Linkedid, context, exten, caller number.
    struct Channel {
        var name: String
        var uniqueid: String
        var linkedid: String
        var context: String
        var exten: String
        var caller = "<unknown>"

        func headers(_ prefix: String = "") -> [AMIHeader] {
            [
                AMIHeader(prefix + "Channel", name), AMIHeader(prefix + "ChannelState", "6"),
                AMIHeader(prefix + "CallerIDNum", caller), AMIHeader(prefix + "Context", context),
                AMIHeader(prefix + "Exten", exten), AMIHeader(prefix + "Uniqueid", uniqueid),
                AMIHeader(prefix + "Linkedid", linkedid),
            ]
        }
    }

    /// Seconds since the first event; every event carries `Timestamp:`.
    var clock: Double = 1_800_000_000

    mutating func at(_ seconds: Double) -> AMIEvents {
        clock = 1_800_000_000 + seconds
        return self
    }

    func event(_ name: String, _ channel: Channel?, dest: Channel? = nil, _ extra: [AMIHeader] = []) -> AMIMessage {
        var headers = [AMIHeader("Event", name), AMIHeader("Timestamp", String(format: "%.6f", clock))]
        if let channel { headers += channel.headers() }
        if let dest { headers += dest.headers("Dest") }
        return AMIMessage(headers + extra)
    }
}
