/// What one capture of captures/ must produce in Bitrix24 (see that folder's README).
/// Talk times are read off the capture's `Timestamp:` headers: first answer → last hangup.
struct ExpectedCall {
    enum Direction {
        case inbound, outbound
        /// `TYPE` of telephony.externalcall.register.
        var type: Int { self == .inbound ? 2 : 1 }
    }

    enum Lead {
        /// The number is unknown: register creates a lead (CRM_CREATE) once.
        case created
        /// No lead: a known caller, a withheld number, or an outbound call.
        case none
    }

    var capture: String
    var linkedid: String
    var direction: Direction
    /// `USER_ID` of the register (inbound: the default user; outbound: the dialling operator).
    var registeredBy: Int
    /// `PHONE_NUMBER` of the register, normalised.
    var phone: String
    /// Users whose phone rang (each gets a card).
    var shownTo: Set<Int>
    var finishedBy: Int
    /// Users who may finish it instead: a missed call goes to the caller's lead's responsible, whom an earlier call's
    /// finish may have changed first when calls overlap in the portal (Bitrix24 gives the lead to who answered).
    var mayBeFinishedBy: Set<Int> = []
    var status: String
    /// Talk seconds from the capture's timestamps; the finish's DURATION may differ by ±1 s.
    var talkSeconds: Double
    var lead: Lead
    /// Whether the capture has `Timestamp:` headers, so CALL_START_DATE must be the call's start in the capture
    /// (the Linkedid's seconds: Asterisk's Uniqueid is `<epoch seconds>.<sequence>`).
    var timestamped = true

    /// The epoch second the call started at, read off the Linkedid.
    var startEpoch: Double? { linkedid.split(separator: ".").first.flatMap { Double($0) } }

    /// The same call with another lead outcome and, if given, another user finishing it.
    func with(lead: Lead, finishedBy: Int? = nil) -> ExpectedCall {
        var changed = self
        changed.lead = lead
        if let finishedBy { changed.finishedBy = finishedBy }
        return changed
    }
}

extension ExpectedCall {
    static let unknownCaller = "79161234567"

    /// An inbound call from the captures' unknown caller, registered for the default user: a lead is created.
    static func inbound(
        _ capture: String,
        linkedid: String,
        shownTo: Set<Int> = [11, 12, 13],
        finishedBy: Int,
        status: String,
        talkSeconds: Double
    ) -> ExpectedCall {
        ExpectedCall(
            capture: capture,
            linkedid: linkedid,
            direction: .inbound,
            registeredBy: 1,
            phone: unknownCaller,
            shownTo: shownTo,
            finishedBy: finishedBy,
            status: status,
            talkSeconds: talkSeconds,
            lead: .created
        )
    }

    /// A call operator 201 (user 11) placed to `phone`: only his card, no lead.
    static func outbound(_ capture: String, linkedid: String, phone: String, talkSeconds: Double) -> ExpectedCall {
        var call = inbound(
            capture,
            linkedid: linkedid,
            shownTo: [11],
            finishedBy: 11,
            status: "200",
            talkSeconds: talkSeconds
        )
        call.direction = .outbound
        call.registeredBy = 11
        call.phone = phone
        call.lead = .none
        return call
    }

    static let answered = inbound(
        "answered",
        linkedid: "1795564212.0",
        finishedBy: 11,
        status: "200",
        talkSeconds: 7.01 - 2.51
    )
    /// The same call without `Timestamp:` headers: replayed at once, so the engine's clock (arrival) sees no talk time.
    static let answeredNoTimestamps: ExpectedCall = {
        var call = inbound(
            "answered.no-timestamps",
            linkedid: "1795563581.0",
            finishedBy: 11,
            status: "200",
            talkSeconds: 0
        )
        call.timestamped = false
        return call
    }()
    static let noanswerOverflow = inbound(
        "noanswer-overflow",
        linkedid: "1795564224.8",
        finishedBy: 1,
        status: "304",
        talkSeconds: 0
    )
    static let abandon = inbound("abandon", linkedid: "1795564345.44", finishedBy: 1, status: "304", talkSeconds: 0)
    static let blindTransfer = inbound(
        "blindtransfer-ami",
        linkedid: "1795564434.62",
        finishedBy: 13,
        status: "200",
        talkSeconds: 15.01 - 2.51
    )
    static let attendedTransfer = inbound(
        "atxfer-ami",
        linkedid: "1795564484.82",
        finishedBy: 13,
        status: "200",
        talkSeconds: 33.48 - 2.51
    )
    static let ringGroup = inbound(
        "ringgroup",
        linkedid: "1795565943.280",
        finishedBy: 11,
        status: "200",
        talkSeconds: 6.51 - 2.01
    )
    static let directFollowMe = inbound(
        "direct-followme",
        linkedid: "1795565981.296",
        shownTo: [12, 13],
        finishedBy: 13,
        status: "200",
        talkSeconds: 20.52 - 14.02
    )
    /// A withheld number: registered with the placeholder, no lead.
    static let anonymous: ExpectedCall = {
        var call = inbound(
            "anonymous",
            linkedid: "1795566075.314",
            finishedBy: 11,
            status: "200",
            talkSeconds: 7.01 - 2.51
        )
        call.phone = "0000000000"
        call.lead = .none
        return call
    }()
    /// Operator 201 dials 79169998877 from his own phone; the client answers at 2.00 s.
    static let outboundExtension = outbound(
        "outbound-ext",
        linkedid: "1795566025.306",
        phone: "79169998877",
        talkSeconds: 8.51 - 2.00
    )
    /// The click-to-call Originate replayed without a click event: 201's phone rings first, then it calls the
    /// client — an outbound call by 201; the client answers at 4.01 s.
    static let clickToCall = outbound(
        "clicktocall",
        linkedid: "1795564359.52",
        phone: unknownCaller,
        talkSeconds: 10.51 - 4.01
    )
}
