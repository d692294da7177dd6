/// The class (manager.conf `read =` label) of each AMI event of Asterisk 16–22 (ami-protocol.md §2.4; an event's
/// `Privilege:` header names it). A session receives an event only if its `read` and its login `Events:` mask both
/// hold the event's class.
public enum AMIEventClasses {
    /// Event name → class.
    public static let byEvent: [String: String] = [
        "Newchannel": "call", "Newstate": "call", "NewCallerid": "call", "NewConnectedLine": "call",
        "NewAccountCode": "call", "Newexten": "dialplan", "VarSet": "dialplan", "DialBegin": "call",
        "DialState": "call", "DialEnd": "call", "BridgeCreate": "call", "BridgeDestroy": "call",
        "BridgeEnter": "call", "BridgeLeave": "call", "Hangup": "call", "HangupRequest": "call",
        "SoftHangupRequest": "call", "Cdr": "cdr", "QueueCallerJoin": "agent", "QueueCallerLeave": "agent",
        "QueueCallerAbandon": "agent", "AgentCalled": "agent", "AgentRingNoAnswer": "agent", "AgentConnect": "agent",
        "AgentComplete": "agent", "AgentDump": "agent", "QueueMemberStatus": "agent", "QueueMemberPause": "agent",
        "QueueMemberAdded": "agent", "QueueMemberRemoved": "agent", "QueueMemberPenalty": "agent",
        "QueueMemberRinginuse": "agent", "MixMonitorStart": "call", "MixMonitorStop": "call",
        "MixMonitorMute": "call", "BlindTransfer": "call", "AttendedTransfer": "call", "LocalBridge": "call",
        "LocalOptimizationBegin": "call", "LocalOptimizationEnd": "call", "OriginateResponse": "call",
        "FullyBooted": "system", "Shutdown": "system", "Reload": "system", "UserEvent": "user", "DTMFBegin": "dtmf",
        "DTMFEnd": "dtmf", "Hold": "call", "Unhold": "call", "MusicOnHoldStart": "call", "MusicOnHoldStop": "call",
        "Rename": "call", "AGIExecStart": "agi", "AGIExecEnd": "agi", "AsyncAGIStart": "agi", "AsyncAGIExec": "agi",
        "AsyncAGIEnd": "agi", "RTCPSent": "reporting", "RTCPReceived": "reporting", "DeviceStateChange": "call",
        "ExtensionStatus": "call",
        "PeerStatus": "system", "ContactStatus": "system", "SuccessfulAuth": "security", "CEL": "call",
    ]

    /// The class of `event`, if known.
    public static func of(_ event: String) -> String? { byEvent[event] }
}
