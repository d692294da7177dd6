import AMIProtocol
import Adapters
import Foundation

/// One synthetic inbound call, as Asterisk 22 reports it (event shapes from captures/answered.ami and
/// captures/ringgroup.ami). Into queue `sales`: the caller's channel appears with its number in an inbound context and
/// joins the queue (``start``) — enough for the rules to register the call — and, later, the queue rings its members
/// (``agentCalls``: one `AgentCalled` per phone, all at once as `ringall` does), which pops each member's card. Into a
/// ring group: the caller's channel appears (``ringGroupStart``) and dials every phone at once (``dials``: one
/// `DialBegin` per phone).
public struct SyntheticInboundCall: Sendable {
    /// The call's Linkedid (also the caller channel's Uniqueid).
    public let linkedid: String
    /// The caller's number (distinct per call).
    let caller: String
    /// The ringing members' extensions.
    public let memberExtensions: [String]
    /// Index within its round (channel names derive from it).
    let index: Int
    /// The Timestamp of the call's first event (Unix seconds).
    let timestamp: Double
    private let epoch: Int

    static let queue = "sales"
    static let did = "74951234567"
    /// Uniqueids per call: the caller's, then one per ringing phone.
    static let uniqueidsPerCall = 64

    /// Call `index` of round `round`, ringing `phones` members (consecutive, from `index · phones` on): Linkedids
    /// `<epoch+round>.<64·index>` never repeat across rounds.
    public init(round: Int, index: Int, members: [String], phones: Int = 1) {
        epoch = 1_795_600_000 + round * 1_000
        self.index = index
        linkedid = "\(epoch).\(index * Self.uniqueidsPerCall)"
        caller = "7916\(String(format: "%07d", (round * 100_000 + index) % 10_000_000))"
        let count = max(1, min(phones, members.count, Self.uniqueidsPerCall - 2))
        memberExtensions = (0..<count).map { members[(index * count + $0) % members.count] }
        timestamp = Double(epoch) + Double(index) / 1_000
    }

    func memberUniqueid(_ phone: Int) -> String { "\(epoch).\(index * Self.uniqueidsPerCall + 2 + phone)" }
    var callerChannel: String { "PJSIP/trunk-\(String(format: "%08x", index))" }
    func memberChannel(_ phone: Int) -> String {
        "Local/\(memberExtensions[phone])@agents-\(String(format: "%08x", index * Self.uniqueidsPerCall + phone));1"
    }

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

    /// The caller's channel in the inbound context, without joining a queue (a ring group's call).
    var ringGroupStart: [AMIMessage] { [start[0]] }

    /// The caller's channel dials every phone of the ring group at once (`Dial(Local/201@agents&…)`).
    var dials: [AMIMessage] { memberExtensions.indices.map(dial) }

    /// The caller's channel dials phone `phone` (`DialBegin`, the member's Local channel as Dest).
    func dial(_ phone: Int) -> AMIMessage {
        let memberExtension = memberExtensions[phone]
        return AMIMessage([
            AMIHeader("Event", "DialBegin"), AMIHeader("Privilege", "call,all"), AMIHeader("Timestamp", stamp(0.01)),
            AMIHeader("Channel", callerChannel), AMIHeader("ChannelState", "4"), AMIHeader("ChannelStateDesc", "Ring"),
            AMIHeader("CallerIDNum", caller), AMIHeader("CallerIDName", "Client \(caller)"),
            AMIHeader("ConnectedLineNum", caller), AMIHeader("ConnectedLineName", caller),
            AMIHeader("Language", "en"), AMIHeader("AccountCode", ""), AMIHeader("Context", "incoming"),
            AMIHeader("Exten", Self.did), AMIHeader("Priority", "5"),
            AMIHeader("Uniqueid", linkedid), AMIHeader("Linkedid", linkedid),
            AMIHeader("DestChannel", memberChannel(phone)), AMIHeader("DestChannelState", "0"),
            AMIHeader("DestChannelStateDesc", "Down"), AMIHeader("DestCallerIDNum", Self.did),
            AMIHeader("DestCallerIDName", caller), AMIHeader("DestConnectedLineNum", caller),
            AMIHeader("DestConnectedLineName", "Client \(caller)"), AMIHeader("DestLanguage", "en"),
            AMIHeader("DestAccountCode", ""), AMIHeader("DestContext", "agents"), AMIHeader("DestExten", Self.did),
            AMIHeader("DestPriority", "1"), AMIHeader("DestUniqueid", memberUniqueid(phone)),
            AMIHeader("DestLinkedid", linkedid), AMIHeader("DialString", "\(memberExtension)@agents"),
        ])
    }

    /// The queue rings every member at once (one `AgentCalled` each, with the member's Local channel as Dest).
    var agentCalls: [AMIMessage] { memberExtensions.indices.map(agentCalled) }

    /// The queue rings member `phone` (`AgentCalled`, with the member's Local channel as Dest).
    func agentCalled(_ phone: Int) -> AMIMessage {
        let memberExtension = memberExtensions[phone]
        return AMIMessage([
            AMIHeader("Event", "AgentCalled"), AMIHeader("Privilege", "agent,all"), AMIHeader("Timestamp", stamp(3)),
            AMIHeader("Channel", callerChannel), AMIHeader("ChannelState", "6"), AMIHeader("ChannelStateDesc", "Up"),
            AMIHeader("CallerIDNum", caller), AMIHeader("CallerIDName", "Client \(caller)"),
            AMIHeader("ConnectedLineNum", caller), AMIHeader("ConnectedLineName", caller),
            AMIHeader("Language", "en"), AMIHeader("AccountCode", ""), AMIHeader("Context", "incoming"),
            AMIHeader("Exten", Self.did), AMIHeader("Priority", "8"),
            AMIHeader("Uniqueid", linkedid), AMIHeader("Linkedid", linkedid),
            AMIHeader("DestChannel", memberChannel(phone)), AMIHeader("DestChannelState", "0"),
            AMIHeader("DestChannelStateDesc", "Down"), AMIHeader("DestCallerIDNum", caller),
            AMIHeader("DestCallerIDName", caller), AMIHeader("DestConnectedLineNum", caller),
            AMIHeader("DestConnectedLineName", "Client \(caller)"), AMIHeader("DestLanguage", "en"),
            AMIHeader("DestAccountCode", ""), AMIHeader("DestContext", "agents"), AMIHeader("DestExten", caller),
            AMIHeader("DestPriority", "1"), AMIHeader("DestUniqueid", memberUniqueid(phone)),
            AMIHeader("DestLinkedid", linkedid),
            AMIHeader("Queue", Self.queue), AMIHeader("Interface", "Local/\(memberExtension)@agents"),
            AMIHeader("MemberName", "Operator \(memberExtension)"),
        ])
    }
}
