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
    var status: String
    /// Talk seconds from the capture's timestamps; the finish's DURATION may differ by ±1 s.
    var talkSeconds: Double
    var lead: Lead
    /// Whether the capture has `Timestamp:` headers, so CALL_START_DATE must be the call's start in the capture
    /// (the Linkedid's seconds: Asterisk's Uniqueid is `<epoch seconds>.<sequence>`).
    var timestamped = true

    /// The epoch second the call started at, read off the Linkedid.
    var startEpoch: Double? { linkedid.split(separator: ".").first.flatMap { Double($0) } }
}

extension ExpectedCall {
    static let unknownCaller = "79161234567"

    static let answered = ExpectedCall(
        capture: "answered",
        linkedid: "1795564212.0",
        direction: .inbound,
        registeredBy: 1,
        phone: unknownCaller,
        shownTo: [11, 12, 13],
        finishedBy: 11,
        status: "200",
        talkSeconds: 7.01 - 2.51,
        lead: .created
    )
    /// The same call without `Timestamp:` headers: replayed at once, so the engine's clock (arrival) sees no talk time.
    static let answeredNoTimestamps = ExpectedCall(
        capture: "answered.no-timestamps",
        linkedid: "1795563581.0",
        direction: .inbound,
        registeredBy: 1,
        phone: unknownCaller,
        shownTo: [11, 12, 13],
        finishedBy: 11,
        status: "200",
        talkSeconds: 0,
        lead: .created,
        timestamped: false
    )
    static let noanswerOverflow = ExpectedCall(
        capture: "noanswer-overflow",
        linkedid: "1795564224.8",
        direction: .inbound,
        registeredBy: 1,
        phone: unknownCaller,
        shownTo: [11, 12, 13],
        finishedBy: 1,
        status: "304",
        talkSeconds: 0,
        lead: .created
    )
    static let abandon = ExpectedCall(
        capture: "abandon",
        linkedid: "1795564345.44",
        direction: .inbound,
        registeredBy: 1,
        phone: unknownCaller,
        shownTo: [11, 12, 13],
        finishedBy: 1,
        status: "304",
        talkSeconds: 0,
        lead: .created
    )
    static let blindTransfer = ExpectedCall(
        capture: "blindtransfer-ami",
        linkedid: "1795564434.62",
        direction: .inbound,
        registeredBy: 1,
        phone: unknownCaller,
        shownTo: [11, 12, 13],
        finishedBy: 13,
        status: "200",
        talkSeconds: 15.01 - 2.51,
        lead: .created
    )
    static let attendedTransfer = ExpectedCall(
        capture: "atxfer-ami",
        linkedid: "1795564484.82",
        direction: .inbound,
        registeredBy: 1,
        phone: unknownCaller,
        shownTo: [11, 12, 13],
        finishedBy: 13,
        status: "200",
        talkSeconds: 33.48 - 2.51,
        lead: .created
    )
    static let ringGroup = ExpectedCall(
        capture: "ringgroup",
        linkedid: "1795565943.280",
        direction: .inbound,
        registeredBy: 1,
        phone: unknownCaller,
        shownTo: [11, 12, 13],
        finishedBy: 11,
        status: "200",
        talkSeconds: 6.51 - 2.01,
        lead: .created
    )
    static let directFollowMe = ExpectedCall(
        capture: "direct-followme",
        linkedid: "1795565981.296",
        direction: .inbound,
        registeredBy: 1,
        phone: unknownCaller,
        shownTo: [12, 13],
        finishedBy: 13,
        status: "200",
        talkSeconds: 20.52 - 14.02,
        lead: .created
    )
    static let anonymous = ExpectedCall(
        capture: "anonymous",
        linkedid: "1795566075.314",
        direction: .inbound,
        registeredBy: 1,
        phone: "0000000000",
        shownTo: [11, 12, 13],
        finishedBy: 11,
        status: "200",
        talkSeconds: 7.01 - 2.51,
        lead: .none
    )
    /// Operator 201 dials 79169998877 from his own phone; the client answers at 2.00 s.
    static let outboundExtension = ExpectedCall(
        capture: "outbound-ext",
        linkedid: "1795566025.306",
        direction: .outbound,
        registeredBy: 11,
        phone: "79169998877",
        shownTo: [11],
        finishedBy: 11,
        status: "200",
        talkSeconds: 8.51 - 2.00,
        lead: .none
    )
    /// The click-to-call Originate replayed without a click event: 201's phone rings first, then it calls the
    /// client — an outbound call by 201; the client answers at 4.01 s.
    static let clickToCall = ExpectedCall(
        capture: "clicktocall",
        linkedid: "1795564359.52",
        direction: .outbound,
        registeredBy: 11,
        phone: unknownCaller,
        shownTo: [11],
        finishedBy: 11,
        status: "200",
        talkSeconds: 10.51 - 4.01,
        lead: .none
    )
}
