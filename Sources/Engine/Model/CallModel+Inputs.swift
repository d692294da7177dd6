public import AMIProtocol

extension CallModel {
    /// The AMI events the model reads (the cases of ``handle(_:arrival:)``), with what each is for. `Newexten` and
    /// `VarSet`, the noisiest events, are read for one value only: the first step a redirected channel runs
    /// (priority 1 of the new place) and the MixMonitor file name. manager.conf must let these through; everything
    /// else may be filtered out (`engine asterisk manager-conf`, `engine doctor`).
    public static let amiInputs: [AMIEventNeed] = [
        AMIEventNeed("Newchannel", for: "new calls and legs"),
        AMIEventNeed("Newstate", for: "channel states and caller ids"),
        AMIEventNeed("NewCallerid", for: "caller ids set in the dialplan"),
        AMIEventNeed("Newexten", header: "Priority", value: "1", for: "redirects (the first step in the new place)"),
        AMIEventNeed("VarSet", header: "Variable", value: "MIXMONITOR_FILENAME", for: "the recording's file"),
        AMIEventNeed("MixMonitorStart", for: "recordings started"),
        AMIEventNeed("MixMonitorStop", for: "recordings complete"),
        AMIEventNeed("DialBegin", for: "phones ringing (ring groups, direct dials)"),
        AMIEventNeed("DialEnd", for: "phones answering or not"),
        AMIEventNeed("QueueCallerJoin", for: "callers entering queues"),
        AMIEventNeed("QueueCallerLeave", for: "callers leaving queues"),
        AMIEventNeed("QueueCallerAbandon", for: "callers hanging up in queues"),
        AMIEventNeed("AgentCalled", for: "queue members' phones ringing (cards shown)"),
        AMIEventNeed("AgentRingNoAnswer", for: "queue members not answering (cards hidden)"),
        AMIEventNeed("AgentConnect", for: "queue members answering"),
        AMIEventNeed("BridgeEnter", for: "who talks to whom"),
        AMIEventNeed("BridgeLeave", for: "transfers and redirects"),
        AMIEventNeed("BlindTransfer", for: "blind transfers"),
        AMIEventNeed("AttendedTransfer", for: "attended transfers"),
        AMIEventNeed("HangupRequest", for: "callers hanging up"),
        AMIEventNeed("Hangup", for: "the end of calls"),
    ]
}
