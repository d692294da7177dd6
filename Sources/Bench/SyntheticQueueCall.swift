import AMIProtocol
import Adapters
import Foundation

/// One synthetic inbound call into queue `sales`, as Asterisk 22 reports it (event shapes from
/// captures/answered.ami): the caller's channel appears with its number in an inbound
/// context and joins the queue (``start``) — enough for the rules to register the call — and, later, the queue
/// rings a member (``agentCalled``), which pops that member's card.
public struct SyntheticQueueCall: Sendable {
    /// The call's Linkedid (also the caller channel's Uniqueid).
    public let linkedid: String
    /// The caller's number (distinct per call).
    let caller: String
    /// The ringing member's extension.
    public let memberExtension: String
    /// Index within its round (channel names derive from it).
    let index: Int
    /// The Timestamp of the call's first event (Unix seconds).
    let timestamp: Double

    static let queue = "sales"
    static let did = "74951234567"

    /// Call `index` of round `round`: Linkedids `<epoch+round>.<4·index>` never repeat across rounds.
    public init(round: Int, index: Int, members: [String]) {
        let epoch = 1_795_600_000 + round * 1_000
        self.index = index
        linkedid = "\(epoch).\(index * 4)"
        caller = "7916\(String(format: "%07d", (round * 100_000 + index) % 10_000_000))"
        memberExtension = members[index % members.count]
        timestamp = Double(epoch) + Double(index) / 1_000
    }

    var memberUniqueid: String {
        linkedid.split(separator: ".").first.map { "\($0).\(index * 4 + 2)" } ?? linkedid
    }
    var callerChannel: String { "PJSIP/trunk-\(String(format: "%08x", index))" }
    var memberChannel: String { "Local/\(memberExtension)@agents-\(String(format: "%08x", index));1" }

    func stamp(_ offset: Double) -> String { String(format: "%.6f", timestamp + offset) }

    /// The caller's channel, with its number, in context `incoming`, then it joins the queue.
    var start: [AMIMessage] {
        [
            AMIMessage([
                AMIHeader("Event", "Newchannel"), AMIHeader("Privilege", "call,all"), AMIHeader("Timestamp", stamp(0)),
                AMIHeader("Channel", callerChannel), AMIHeader("ChannelState", "4"),
                AMIHeader("ChannelStateDesc", "Ring"),
                AMIHeader("CallerIDNum", caller), AMIHeader("CallerIDName", "Client \(caller)"),
                AMIHeader("ConnectedLineNum", "<unknown>"), AMIHeader("ConnectedLineName", "<unknown>"),
                AMIHeader("Language", "en"), AMIHeader("AccountCode", ""), AMIHeader("Context", "incoming"),
                AMIHeader("Exten", Self.did), AMIHeader("Priority", "1"),
                AMIHeader("Uniqueid", linkedid), AMIHeader("Linkedid", linkedid),
            ]),
            AMIMessage([
                AMIHeader("Event", "QueueCallerJoin"), AMIHeader("Privilege", "agent,all"),
                AMIHeader("Timestamp", stamp(0.5)),
                AMIHeader("Channel", callerChannel), AMIHeader("ChannelState", "6"),
                AMIHeader("ChannelStateDesc", "Up"),
                AMIHeader("CallerIDNum", caller), AMIHeader("CallerIDName", "Client \(caller)"),
                AMIHeader("ConnectedLineNum", caller), AMIHeader("ConnectedLineName", caller),
                AMIHeader("Language", "en"), AMIHeader("AccountCode", ""), AMIHeader("Context", "incoming"),
                AMIHeader("Exten", Self.did), AMIHeader("Priority", "8"),
                AMIHeader("Uniqueid", linkedid), AMIHeader("Linkedid", linkedid),
                AMIHeader("Queue", Self.queue), AMIHeader("Position", "1"), AMIHeader("Count", "1"),
            ]),
        ]
    }

    /// The queue rings the member (`AgentCalled`, with the member's Local channel as Dest).
    var agentCalled: AMIMessage {
        AMIMessage([
            AMIHeader("Event", "AgentCalled"), AMIHeader("Privilege", "agent,all"), AMIHeader("Timestamp", stamp(3)),
            AMIHeader("Channel", callerChannel), AMIHeader("ChannelState", "6"), AMIHeader("ChannelStateDesc", "Up"),
            AMIHeader("CallerIDNum", caller), AMIHeader("CallerIDName", "Client \(caller)"),
            AMIHeader("ConnectedLineNum", caller), AMIHeader("ConnectedLineName", caller),
            AMIHeader("Language", "en"), AMIHeader("AccountCode", ""), AMIHeader("Context", "incoming"),
            AMIHeader("Exten", Self.did), AMIHeader("Priority", "8"),
            AMIHeader("Uniqueid", linkedid), AMIHeader("Linkedid", linkedid),
            AMIHeader("DestChannel", memberChannel), AMIHeader("DestChannelState", "0"),
            AMIHeader("DestChannelStateDesc", "Down"), AMIHeader("DestCallerIDNum", caller),
            AMIHeader("DestCallerIDName", caller), AMIHeader("DestConnectedLineNum", caller),
            AMIHeader("DestConnectedLineName", "Client \(caller)"), AMIHeader("DestLanguage", "en"),
            AMIHeader("DestAccountCode", ""), AMIHeader("DestContext", "agents"), AMIHeader("DestExten", caller),
            AMIHeader("DestPriority", "1"), AMIHeader("DestUniqueid", memberUniqueid),
            AMIHeader("DestLinkedid", linkedid),
            AMIHeader("Queue", Self.queue), AMIHeader("Interface", "Local/\(memberExtension)@agents"),
            AMIHeader("MemberName", "Operator \(memberExtension)"),
        ])
    }
}
