import Simulators
import Testing

/// One real capture of captures/ as an end-to-end case: what the portal must have received, and what the case checks
/// beyond ``CallAssertions/check(_:against:rig:sourceLocation:)``.
struct CaptureScenario: Sendable, CustomTestStringConvertible {
    /// What else a case checks.
    enum Extra: Sendable {
        case none
        /// The register asks for no lead (`CRM_CREATE` 0): a withheld number, a call the operator placed.
        case noLeadCreation
        /// The register's `LINE_NUMBER` is the DID the call came in on.
        case line(String)
        /// The transfer target's card pops a second time.
        case cardPopsAgain(user: Int)
        /// The call is bound to the known contact (``CaptureScenario/addContact(to:)``).
        case boundToContact
    }

    let testDescription: String
    let expected: ExpectedCall
    /// The captures' caller is a contact the CRM knows, Petr (12) responsible.
    var knownCaller = false
    var extra = Extra.none

    /// Every call that reaches Bitrix24, one case each.
    static let all: [CaptureScenario] = [
        // Inbound calls into app_queue (`sales`, `support`): answered, missed, abandoned, withheld number.
        .init(
            testDescription: "answered: cards to 201/202/203, none left, finished by 201 with 200 and ~4.5 s, one lead",
            expected: .answered
        ),
        .init(
            testDescription: "answered without Timestamp headers: the same outcome, timed by arrival",
            expected: .answeredNoTimestamps
        ),
        .init(
            testDescription:
                "noanswer-overflow: two queues, every card hidden, one missed call (304) for the default user",
            expected: .noanswerOverflow
        ),
        .init(testDescription: "abandon: the caller hangs up while ringing; cards hidden, 304", expected: .abandon),
        .init(
            testDescription: "anonymous: registered with the placeholder number and no lead; cards as usual; 201, 200",
            expected: .anonymous,
            extra: .noLeadCreation
        ),
        // Without app_queue: a Dial() ring group and a direct DID with follow-me.
        .init(
            testDescription: "ringgroup: cards to all three, finished by 201 with 200",
            expected: .ringGroup,
            extra: .line("74951112233")
        ),
        .init(
            testDescription: "direct-followme: 202's card, then 203's; finished by 203 with 200",
            expected: .directFollowMe,
            extra: .line("74951112244")
        ),
        // Transfers done over AMI: the target's card pops, the call is finished once, by whoever talked last.
        .init(
            testDescription: "blindtransfer-ami: 203's card pops again for the transfer; finished once by 203",
            expected: .blindTransfer,
            extra: .cardPopsAgain(user: 13)
        ),
        .init(
            testDescription: "atxfer-ami: 203's card pops for the consultation; finished once by 203",
            expected: .attendedTransfer,
            extra: .cardPopsAgain(user: 13)
        ),
        // Calls an operator starts: from his own phone, or click-to-call replayed without the click.
        .init(
            testDescription: "outbound-ext: TYPE 1 by 201, card to 201, finished by 201 with 200, no lead",
            expected: .outboundExtension,
            extra: .noLeadCreation
        ),
        .init(
            testDescription: "clicktocall without a click event: an outbound call by 201 to 79161234567, 200",
            expected: .clickToCall
        ),
        // A caller the CRM knows: no lead; the call is bound to the contact, a missed call goes to its manager.
        .init(
            testDescription: "answered by a known caller: no lead, bound to the contact, finished by 201 with 200",
            expected: ExpectedCall.answered.with(lead: .none),
            knownCaller: true,
            extra: .boundToContact
        ),
        .init(
            testDescription: "abandoned by a known caller: no lead, a missed call (304) for the contact's manager (12)",
            expected: ExpectedCall.abandon.with(lead: .none, finishedBy: 12),
            knownCaller: true
        ),
    ]

    /// The contact of the captures' caller, formatted as people type it; Petr (12) is responsible.
    static func addContact(to portal: FakeBitrix24) -> Int {
        portal.addCrmEntity(
            FakeBitrix24CrmEntity(type: "CONTACT", name: "Client", phones: ["+7 (916) 123-45-67"], assignedByID: 12)
        )
    }

    /// Checks ``extra`` on `call`; `contact` is the known caller's contact, if any.
    func checkExtra(_ call: CallJournal, contact: Int?, rig: EndToEndRig) {
        let register = call.registers.first
        switch extra {
        case .none:
            break
        case .noLeadCreation:
            #expect(register?.params["CRM_CREATE"]?.isTruthy == false, "\(rig.describeJournal())")
        case .line(let number):
            #expect(register?.params["LINE_NUMBER"]?.stringValue == number, "\(rig.describeJournal())")
        case .cardPopsAgain(let user):
            #expect(call.showCount(for: user) >= 2, "no card for the transfer target\n\(rig.describeJournal())")
        case .boundToContact:
            let result = register?.result
            #expect(
                result?["CRM_ENTITY_TYPE"]?.stringValue == "CONTACT" && result?["CRM_ENTITY_ID"]?.intValue == contact,
                "\(rig.describeJournal())"
            )
        }
    }
}

/// A capture whose call must not reach Bitrix24 at all, with its Linkedid.
struct SilentCapture: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let capture: String
    let linkedid: String

    static let all: [SilentCapture] = [
        .init(
            testDescription:
                "clicktocall-agent-noanswer without a click event: nobody talked, nothing reaches Bitrix24",
            capture: "clicktocall-agent-noanswer",
            linkedid: "1795564376.56"
        ),
        .init(
            testDescription: "internal: 201 calls 203; nothing registered, no card, no lead",
            capture: "internal",
            linkedid: "1795566008.302"
        ),
    ]
}
