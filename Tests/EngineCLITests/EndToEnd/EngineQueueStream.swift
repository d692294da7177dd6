import AMIProtocol
import Foundation
import Simulators
import TestSupport

/// The AMI stream Asterisk 22 sends while the README's engine-queue dialplan runs, synthesised in the shape of the
/// real captures (no capture of an engine queue exists: they were recorded before it): the caller's call is
/// answered.ami up to its `Queue()` (the caller's channels, the recording), then each attempt is the caller's
/// `Dial(Local/20X@agents)` as routed-noanswer.ami and ringgroup.ami recorded it — the member's Local channel pair,
/// DialBegin with `DialString: 20X@agents`, the member's device state, DialEnd with the outcome, the Local pair's
/// hang-up with the cause Asterisk gives (0 unanswered, 26 answered elsewhere, 16 normal clearing), bridges.
struct EngineQueueStream {
    /// The caller's channel in answered.ami: it asks FastAGI, dials, and is what AMI names in the caller block.
    static let callerChannel = "Local/79161234567@incoming-00000000;2"
    static let callerUniqueid = "1795564212.1"
    static let callerHalf = "Local/79161234567@incoming-00000000;1"
    static let linkedid = "1795564212.0"

    /// One member's ring: the Local pair it created.
    struct Ring {
        let extensionNumber: String
        let channel: String
        let uniqueid: String
        let otherUniqueid: String

        var otherChannel: String { String(channel.dropLast()) + "2" }
        var device: String { "Local/\(extensionNumber)@agents" }
    }

    private var time: Double
    private var nextID = 40
    private var nextChannel = 0x20

    /// A stream that starts where answered.ami's prefix ends.
    init(after prefix: [AMIMessage]) {
        time = prefix.last?["Timestamp"].flatMap(Double.init) ?? 1_795_564_212.5
    }

    /// answered.ami's events before its `Queue()` runs: the caller's call, up to where the engine queue takes over.
    static func callerArrives() throws -> [AMIMessage] {
        let events = try AMICapture(contentsOf: RepositoryFiles.capture("answered")).events
        return Array(events.prefix { !($0.name == "Newexten" && $0["Application"] == "Queue") })
    }

    /// The caller's `Dial()` of `extensions` (several: ringall): each member's Local pair and DialBegin.
    mutating func dial(_ extensions: [String]) -> (rings: [Ring], events: [AMIMessage]) {
        var rings: [Ring] = []
        var events: [AMIMessage] = []
        for ext in extensions {
            let suffix = String(format: "%08x", nextChannel)
            nextChannel += 1
            let ring = Ring(
                extensionNumber: ext,
                channel: "Local/\(ext)@agents-\(suffix);1",
                uniqueid: uniqueid(),
                otherUniqueid: uniqueid()
            )
            rings.append(ring)
            events += [
                channelEvent("Newchannel", ring.channel, ring.uniqueid, state: 0, context: "agents", exten: ext),
                channelEvent(
                    "Newchannel",
                    ring.otherChannel,
                    ring.otherUniqueid,
                    state: 4,
                    context: "agents",
                    exten: ext
                ),
                dialEvent("DialBegin", ring, extra: [("DialString", "\(ext)@agents")]),
                channelEvent("Newstate", ring.channel, ring.uniqueid, state: 5, context: "agents", exten: ext),
                deviceState(ring.device, "INUSE"),
            ]
        }
        return (rings, events)
    }

    /// `ring` rang out (`Dial()`'s timeout): DialEnd NOANSWER, the Local pair hangs up (cause 0), the device is free.
    mutating func noAnswer(_ ring: Ring) -> [AMIMessage] {
        ringEnds(ring, status: "NOANSWER")
    }

    /// `ring` answers; the others of the same `Dial()` are cancelled (cause 26, answered elsewhere); the answering
    /// member's channel and the caller's enter one bridge.
    mutating func answer(_ ring: Ring, others: [Ring] = []) -> [AMIMessage] {
        var events = others.map { dialEvent("DialEnd", $0, extra: [("DialStatus", "CANCEL")]) }
        for other in others {
            events += [
                channelEvent(
                    "HangupRequest",
                    other.otherChannel,
                    other.otherUniqueid,
                    state: 4,
                    context: "agents",
                    exten: other.extensionNumber,
                    extra: [("Cause", "26")]
                ),
                hangup(other.channel, other.uniqueid, cause: "26", context: "agents", exten: other.extensionNumber),
            ]
        }
        events += [
            channelEvent(
                "Newstate",
                ring.otherChannel,
                ring.otherUniqueid,
                state: 6,
                context: "agents",
                exten: ring.extensionNumber
            ),
            channelEvent(
                "Newstate",
                ring.channel,
                ring.uniqueid,
                state: 6,
                context: "agents",
                exten: ring.extensionNumber
            ),
            dialEvent("DialEnd", ring, extra: [("DialStatus", "ANSWER")]),
        ]
        events += others.map {
            hangup($0.otherChannel, $0.otherUniqueid, cause: "26", context: "agents", exten: $0.extensionNumber)
        }
        events += others.map { deviceState($0.device, "NOT_INUSE") }
        events += [
            bridgeEvent("BridgeEnter", ring.channel, ring.uniqueid, context: "agents", exten: ""),
            bridgeEvent(
                "BridgeEnter",
                Self.callerChannel,
                Self.callerUniqueid,
                context: "incoming",
                exten: "79161234567"
            ),
        ]
        return events
    }

    /// After `seconds` of talk the member hangs up (cause 16); the caller's channels follow.
    mutating func talkAndHangUp(_ ring: Ring, seconds: Double) -> [AMIMessage] {
        time += seconds
        return [
            channelEvent(
                "HangupRequest",
                ring.channel,
                ring.uniqueid,
                state: 6,
                context: "agents",
                exten: "",
                extra: [("Cause", "16")]
            ),
            hangup(ring.otherChannel, ring.otherUniqueid, cause: "16", context: "agents", exten: ring.extensionNumber),
            bridgeEvent("BridgeLeave", ring.channel, ring.uniqueid, context: "agents", exten: ""),
            hangup(ring.channel, ring.uniqueid, cause: "16", context: "agents", exten: ""),
            deviceState(ring.device, "NOT_INUSE"),
            bridgeEvent(
                "BridgeLeave",
                Self.callerChannel,
                Self.callerUniqueid,
                context: "incoming",
                exten: "79161234567"
            ),
        ] + callerHangsUpEvents(cause: "16")
    }

    /// The caller hangs up while `rings` ring (abandon.ami's order): the caller's hang-up request, the Dial
    /// cancelled, the members' Local pairs hang up (cause 0), the caller's channel goes.
    mutating func callerHangsUp(during rings: [Ring]) -> [AMIMessage] {
        var events = [
            channelEvent(
                "HangupRequest",
                Self.callerChannel,
                Self.callerUniqueid,
                state: 6,
                context: "incoming",
                exten: "79161234567",
                extra: [("Cause", "16")]
            ),
            hangup(Self.callerHalf, Self.linkedid, cause: "16", context: "caller-sim", exten: "s"),
        ]
        for ring in rings { events += ringEnds(ring, status: "CANCEL") }
        events.append(
            hangup(
                Self.callerChannel,
                Self.callerUniqueid,
                cause: "16",
                context: "incoming",
                exten: "79161234567"
            )
        )
        return events
    }

    /// A device's state changes (a phone registers or unregisters: `PJSIP/203` UNAVAILABLE).
    mutating func deviceState(_ device: String, _ state: String) -> AMIMessage {
        message([
            "Event": "DeviceStateChange", "Privilege": "call,all", "Timestamp": stamp(), "Device": device,
            "State": state,
        ])
    }

    // MARK: shapes

    /// A ring that ends unanswered with `status`: its DialEnd, the Local pair hangs up (cause 0), the device is free.
    private mutating func ringEnds(_ ring: Ring, status: String) -> [AMIMessage] {
        [
            dialEvent("DialEnd", ring, extra: [("DialStatus", status)]),
            channelEvent(
                "HangupRequest",
                ring.otherChannel,
                ring.otherUniqueid,
                state: 4,
                context: "agents",
                exten: ring.extensionNumber,
                extra: [("Cause", "0")]
            ),
            hangup(ring.channel, ring.uniqueid, cause: "0", context: "agents", exten: ring.extensionNumber),
            hangup(ring.otherChannel, ring.otherUniqueid, cause: "0", context: "agents", exten: ring.extensionNumber),
            deviceState(ring.device, "NOT_INUSE"),
        ]
    }

    private mutating func callerHangsUpEvents(cause: String) -> [AMIMessage] {
        [
            channelEvent(
                "HangupRequest",
                Self.callerHalf,
                Self.linkedid,
                state: 6,
                context: "caller-sim",
                exten: "s",
                extra: [("Cause", cause)]
            ),
            hangup(Self.callerChannel, Self.callerUniqueid, cause: cause, context: "incoming", exten: "79161234567"),
            hangup(Self.callerHalf, Self.linkedid, cause: cause, context: "caller-sim", exten: "s"),
        ]
    }

    private mutating func uniqueid() -> String {
        nextID += 1
        return "1795564212.\(nextID)"
    }

    private mutating func stamp() -> String {
        time += 0.000_05
        return String(format: "%.6f", time)
    }

    private mutating func channelEvent(
        _ event: String,
        _ channel: String,
        _ uniqueid: String,
        state: Int,
        context: String,
        exten: String,
        extra: [(String, String)] = []
    ) -> AMIMessage {
        let states = [0: "Down", 4: "Ring", 5: "Ringing", 6: "Up"]
        let caller = channel.hasPrefix("Local/79161234567") || channel.hasSuffix(";2") ? "79161234567" : "74951112233"
        let headers: [(String, String)] = [
            ("Event", event), ("Privilege", "call,all"), ("Timestamp", stamp()), ("Channel", channel),
            ("ChannelState", "\(state)"), ("ChannelStateDesc", states[state] ?? "Unknown"), ("CallerIDNum", caller),
            ("CallerIDName", "Client 79161234567"), ("ConnectedLineNum", "79161234567"),
            ("ConnectedLineName", "79161234567"), ("Language", "en"), ("AccountCode", ""), ("Context", context),
            ("Exten", exten), ("Priority", "1"), ("Uniqueid", uniqueid), ("Linkedid", Self.linkedid),
        ]
        return message(headers + extra)
    }

    private mutating func hangup(
        _ channel: String,
        _ uniqueid: String,
        cause: String,
        context: String,
        exten: String
    )
        -> AMIMessage
    {
        let text = ["0": "Unknown", "16": "Normal Clearing", "26": "Answered elsewhere"][cause] ?? "Unknown"
        return channelEvent(
            "Hangup",
            channel,
            uniqueid,
            state: 6,
            context: context,
            exten: exten,
            extra: [("Cause", cause), ("Cause-txt", text)]
        )
    }

    private mutating func bridgeEvent(
        _ event: String,
        _ channel: String,
        _ uniqueid: String,
        context: String,
        exten: String
    ) -> AMIMessage {
        channelEvent(
            event,
            channel,
            uniqueid,
            state: 6,
            context: context,
            exten: exten,
            extra: [
                ("BridgeUniqueid", "6b0f3a52-engine-queue-bridge"), ("BridgeType", "basic"),
            ]
        )
    }

    private mutating func dialEvent(_ event: String, _ ring: Ring, extra: [(String, String)]) -> AMIMessage {
        var headers: [(String, String)] = [
            ("Event", event), ("Privilege", "call,all"), ("Timestamp", stamp()), ("Channel", Self.callerChannel),
            ("ChannelState", "6"), ("ChannelStateDesc", "Up"), ("CallerIDNum", "79161234567"),
            ("CallerIDName", "Client 79161234567"), ("Context", "incoming"), ("Exten", "79161234567"),
            ("Priority", "11"), ("Uniqueid", Self.callerUniqueid), ("Linkedid", Self.linkedid),
            ("DestChannel", ring.channel), ("DestChannelState", "5"), ("DestChannelStateDesc", "Ringing"),
            ("DestCallerIDNum", "79161234567"), ("DestContext", "agents"), ("DestExten", "79161234567"),
            ("DestPriority", "1"), ("DestUniqueid", ring.uniqueid), ("DestLinkedid", Self.linkedid),
        ]
        headers += extra
        return message(headers)
    }

    private func message(_ headers: [(String, String)]) -> AMIMessage {
        AMIMessage(headers.map { AMIHeader($0.0, $0.1) })
    }

    private func message(_ headers: KeyValuePairs<String, String>) -> AMIMessage {
        AMIMessage(headers)
    }
}
