/// The AMI events of Asterisk 16–22 (Asterisk's manager event documentation), field by field.
/// Numeric fields are ints; everything else is text as sent. Fields Asterisk sends only sometimes
/// are optional: read them behind `has()` or `??`.
extension EventCatalog {
    static let amiEvents: [EventSchema] = [
        ami("Newchannel", "A channel was created.", channel()),
        ami("Newstate", "A channel changed state (ringing, up, …).", channel()),
        ami(
            "NewCallerid",
            "A channel's caller id changed.",
            channel() + [text("CID-CallingPres")]
        ),
        ami("NewConnectedLine", "A channel's connected line changed.", channel()),
        ami(
            "Newexten",
            "A channel entered a dialplan step.",
            channel() + [text("Extension"), text("Application"), text("AppData")]
        ),
        ami(
            "DialBegin",
            "A dial started; the caller block is absent for originated dials.",
            channel(optional: true) + channel("Dest") + [text("DialString")]
        ),
        ami(
            "DialState",
            "A dialled channel reported progress.",
            channel(optional: true) + channel("Dest") + [text("Forward", optional: true), text("DialStatus")]
        ),
        ami(
            "DialEnd",
            "A dial ended (ANSWER, BUSY, NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL).",
            channel(optional: true) + channel("Dest") + [text("Forward", optional: true), text("DialStatus")]
        ),
        ami("BridgeCreate", "A bridge was created.", bridge()),
        ami("BridgeDestroy", "A bridge was destroyed.", bridge()),
        ami(
            "BridgeEnter",
            "A channel entered a bridge.",
            bridge() + channel() + [text("SwapUniqueid", optional: true)]
        ),
        ami("BridgeLeave", "A channel left a bridge.", bridge() + channel()),
        ami(
            "Hangup",
            "A channel hung up; Cause is a Q.850 code.",
            channel() + [number("Cause"), text("Cause-txt"), number("TechCause", optional: true)]
        ),
        ami(
            "HangupRequest",
            "A hangup was queued on a channel.",
            channel() + [number("Cause", optional: true), number("TechCause", optional: true)]
        ),
        ami(
            "SoftHangupRequest",
            "A soft hangup was requested; Cause is a bit flag, not Q.850.",
            channel() + [number("Cause"), number("TechCause", optional: true)]
        ),
        ami(
            "VarSet",
            "A channel variable was set (Channel is `none` for globals).",
            channel() + [text("Variable"), text("Value")]
        ),
        ami("Cdr", "A call detail record (no Linkedid; UniqueID with a capital ID).", cdr()),
        ami(
            "QueueCallerJoin",
            "A caller joined a queue.",
            channel() + [text("Queue"), number("Position"), number("Count")]
        ),
        ami(
            "QueueCallerLeave",
            "A caller left a queue (answered or for any other reason).",
            channel() + [text("Queue"), number("Position"), number("Count")]
        ),
        ami(
            "QueueCallerAbandon",
            "A caller hung up (or timed out) while waiting in a queue.",
            channel() + [text("Queue"), number("Position"), number("OriginalPosition"), number("HoldTime")]
        ),
        ami("AgentCalled", "A queue member's phone is being rung.", agent()),
        ami(
            "AgentRingNoAnswer",
            "A queue member did not answer; RingTime in milliseconds.",
            agent() + [number("RingTime")]
        ),
        ami(
            "AgentConnect",
            "A queue member answered; HoldTime and RingTime in seconds.",
            agent() + [number("HoldTime"), number("RingTime")]
        ),
        ami(
            "AgentComplete",
            "A queue call ended; Reason is caller, agent or transfer.",
            agent() + [number("HoldTime"), number("TalkTime"), text("Reason")]
        ),
        ami("AgentDump", "A queue member hung up during the announcement.", agent()),
        ami("QueueMemberStatus", "A queue member's state changed.", queueMember()),
        ami(
            "QueueMemberPause",
            "A queue member was paused or unpaused.",
            queueMember() + [text("Reason", optional: true)]
        ),
        ami("QueueMemberAdded", "A member was added to a queue.", queueMember()),
        ami("QueueMemberRemoved", "A member was removed from a queue.", queueMember()),
        ami("MixMonitorStart", "Recording started on a channel.", channel()),
        ami("MixMonitorStop", "Recording stopped on a channel.", channel()),
        ami(
            "BlindTransfer",
            "A blind transfer happened.",
            [text("Result")] + channel("Transferer") + channel("Transferee", optional: true)
                + bridge(optional: true) + [text("IsExternal"), text("Context"), text("Extension")]
        ),
        ami(
            "AttendedTransfer",
            "An attended transfer happened.",
            [text("Result")] + channel("OrigTransferer") + channel("SecondTransferer")
                + channel("Transferee", optional: true) + channel("TransferTarget", optional: true)
                + [
                    text("IsExternal"), text("DestType", optional: true), text("DestBridgeUniqueid", optional: true),
                    text("DestApp", optional: true),
                ]
        ),
        ami(
            "LocalBridge",
            "The two halves of a Local channel were bridged.",
            channel("LocalOne") + channel("LocalTwo") + [text("Context"), text("Exten"), text("LocalOptimization")]
        ),
        ami(
            "OriginateResponse",
            "The result of an asynchronous Originate.",
            [
                text("ActionID", optional: true), text("Response"), text("Channel"), text("Context"), text("Exten"),
                number("Reason"), text("Uniqueid"), text("CallerIDNum"), text("CallerIDName"),
            ]
        ),
        ami("Hold", "A channel was put on hold.", channel() + [text("MusicClass", optional: true)]),
        ami("Unhold", "A channel was taken off hold.", channel()),
        ami(
            "DTMFEnd",
            "A DTMF digit ended.",
            channel() + [text("Digit"), number("DurationMs"), text("Direction")]
        ),
        ami(
            "UserEvent",
            "A UserEvent() from the dialplan; custom keys are open fields.",
            channel(optional: true) + [text("UserEvent")],
            isOpen: true
        ),
        ami(
            "FullyBooted",
            "Asterisk finished booting (also sent right after Login).",
            [text("Status"), number("Uptime", optional: true), number("LastReload", optional: true)]
        ),
    ]

    private static func ami(_ name: String, _ doc: String, _ fields: [FieldSchema], isOpen: Bool = false) -> EventSchema
    {
        EventSchema(name, .ami, doc: doc, fields: fields, isOpen: isOpen)
    }

    static func text(_ name: String, optional: Bool = false) -> FieldSchema {
        FieldSchema(name, .string, optional: optional)
    }

    static func number(_ name: String, optional: Bool = false) -> FieldSchema {
        FieldSchema(name, .int, optional: optional)
    }

    /// The channel snapshot block, with a prefix such as `Dest`.
    static func channel(_ prefix: String = "", optional: Bool = false) -> [FieldSchema] {
        [
            text("\(prefix)Channel", optional: optional), number("\(prefix)ChannelState", optional: optional),
            text("\(prefix)ChannelStateDesc", optional: optional), text("\(prefix)CallerIDNum", optional: optional),
            text("\(prefix)CallerIDName", optional: optional), text("\(prefix)ConnectedLineNum", optional: optional),
            text("\(prefix)ConnectedLineName", optional: optional), text("\(prefix)Language", optional: optional),
            text("\(prefix)AccountCode", optional: optional), text("\(prefix)Context", optional: optional),
            text("\(prefix)Exten", optional: optional), number("\(prefix)Priority", optional: optional),
            text("\(prefix)Uniqueid", optional: optional), text("\(prefix)Linkedid", optional: optional),
            text("\(prefix)Tenantid", optional: true),
            FieldSchema(
                "\(prefix)ChanVariable",
                .map(.string),
                optional: true,
                doc: "channel variables listed in manager.conf channelvars, by name"
            ),
        ]
    }

    /// The bridge snapshot block.
    static func bridge(optional: Bool = false) -> [FieldSchema] {
        [
            text("BridgeUniqueid", optional: optional), text("BridgeType", optional: optional),
            text("BridgeTechnology", optional: optional), text("BridgeCreator", optional: optional),
            text("BridgeName", optional: optional), number("BridgeNumChannels", optional: optional),
            text("BridgeVideoSourceMode", optional: true),
        ]
    }

    /// The fields of AgentCalled and its family: caller, member channel, queue, interface, member name.
    static func agent() -> [FieldSchema] {
        channel() + channel("Dest") + [text("Queue"), text("Interface"), text("MemberName")]
    }

    static func queueMember() -> [FieldSchema] {
        [
            text("Queue"), text("MemberName"), text("Interface"), text("StateInterface"), text("Membership"),
            number("Penalty"), number("CallsTaken"), number("LastCall"), number("LastPause"),
            number("LoginTime", optional: true), number("InCall"), number("Status"), number("Paused"),
            text("PausedReason", optional: true), number("Ringinuse"), number("Wrapuptime", optional: true),
        ]
    }

    static func cdr() -> [FieldSchema] {
        [
            "AccountCode", "Source", "Destination", "DestinationContext", "CallerID", "Channel",
            "DestinationChannel", "LastApplication", "LastData", "StartTime", "AnswerTime", "EndTime",
        ].map { text($0) } + [number("Duration"), number("BillableSeconds")]
            + ["Disposition", "AMAFlags", "UniqueID", "UserField"].map { text($0) }
    }
}
