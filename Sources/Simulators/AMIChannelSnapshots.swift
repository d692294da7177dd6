public import AMIProtocol

/// The channels a replayed stream leaves up, as Asterisk's `CoreShowChannels` would list them at that point: each
/// channel's latest snapshot (the `Channel…` headers every channel event carries, for the event's channel and for its
/// `Dest…` channel), its bridge (`BridgeEnter` / `BridgeLeave`) and its application (`Newexten`); a `Hangup` ends it.
/// For a test server that cuts the link in the middle of a call and must answer the resync truthfully.
public struct AMIChannelSnapshots: Sendable {
    /// The snapshot headers of a channel, in Asterisk's order (`ast_manager_build_channel_state_string`).
    static let fields = [
        "Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum", "CallerIDName", "ConnectedLineNum",
        "ConnectedLineName", "Language", "AccountCode", "Context", "Exten", "Priority", "Uniqueid", "Linkedid",
    ]

    private var snapshots: [String: [String: String]] = [:]
    private var order: [String] = []
    /// Channels hung up: a later event that names one (a `DialEnd` after the callee's `Hangup`) does not revive it.
    private var gone: Set<String> = []

    /// No channel up.
    public init() {}

    /// Takes `events` in order.
    public mutating func apply<S: Sequence>(_ events: S) where S.Element == AMIMessage {
        for event in events { apply(event) }
    }

    /// Takes one event.
    public mutating func apply(_ event: AMIMessage) {
        guard event.kind == .event else { return }
        for prefix in ["", "Dest"] { update(event, prefix: prefix) }
        guard let uniqueid = event["Uniqueid"] else { return }
        switch event.name {
        case "Hangup":
            snapshots[uniqueid] = nil
            order.removeAll { $0 == uniqueid }
            gone.insert(uniqueid)
        case "BridgeEnter":
            snapshots[uniqueid]?["BridgeId"] = event["BridgeUniqueid"] ?? ""
        case "BridgeLeave":
            snapshots[uniqueid]?["BridgeId"] = ""
        case "Newexten":
            snapshots[uniqueid]?["Application"] = event["Application"] ?? ""
            snapshots[uniqueid]?["ApplicationData"] = event["AppData"] ?? ""
        default:
            break
        }
    }

    /// The channels up now, one `CoreShowChannel` body each, in the order they appeared.
    public var channels: [AMIMessage] {
        order.compactMap { uniqueid in
            guard let snapshot = snapshots[uniqueid] else { return nil }
            let names = Self.fields + ["BridgeId", "Application", "ApplicationData"]
            return AMIMessage(names.map { AMIHeader($0, snapshot[$0] ?? "") })
        }
    }

    /// How many channels are up.
    public var count: Int { snapshots.count }

    private mutating func update(_ event: AMIMessage, prefix: String) {
        guard let uniqueid = event[prefix + "Uniqueid"], !uniqueid.isEmpty, event[prefix + "Channel"] != nil,
            !gone.contains(uniqueid)
        else { return }
        if prefix.isEmpty, event.name == "Hangup" { return }
        if snapshots[uniqueid] == nil {
            snapshots[uniqueid] = [:]
            order.append(uniqueid)
        }
        for field in Self.fields {
            if let value = event[prefix + field] { snapshots[uniqueid]?[field] = value }
        }
    }
}
