import Foundation
import Simulators
import Testing

/// The shared end-to-end assertion: the journal of one call against what its capture must produce.
enum CallAssertions {
    /// The telephony methods that act on one call (searchCrmEntities acts on a phone number).
    static let callMethods: Set<String> = [
        "telephony.externalcall.register", "telephony.externalcall.show", "telephony.externalcall.hide",
        "telephony.externalcall.finish", "telephony.externalcall.attachrecord",
    ]

    /// Checks register, cards, finish and lead of `call` against `expected` (see ``ExpectedCall``).
    static func check(
        _ call: CallJournal,
        against expected: ExpectedCall,
        rig: EndToEndRig,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let context = "\(expected.capture):\n\(rig.describeJournal())"
        // One register, with the call's identity.
        #expect(
            call.registers.count == 1,
            "registers: \(call.registers.count)\n\(context)",
            sourceLocation: sourceLocation
        )
        let anyRegisters = rig.portal.journal.filter {
            $0.method == "telephony.externalcall.register" && $0.status == 200
        }
        #expect(
            anyRegisters.count == call.registers.count,
            "registers of other calls\n\(context)",
            sourceLocation: sourceLocation
        )
        if let register = call.registers.first {
            let params = register.params
            #expect(
                params["TYPE"]?.intValue == expected.direction.type,
                "TYPE\n\(context)",
                sourceLocation: sourceLocation
            )
            #expect(
                params["USER_ID"]?.intValue == expected.registeredBy,
                "register USER_ID\n\(context)",
                sourceLocation: sourceLocation
            )
            #expect(
                params["PHONE_NUMBER"]?.stringValue == expected.phone,
                "PHONE_NUMBER\n\(context)",
                sourceLocation: sourceLocation
            )
            #expect(
                params["SHOW"].map(\.isTruthy) == false,
                "register must not show (SHOW=0)\n\(context)",
                sourceLocation: sourceLocation
            )
            let start = params["CALL_START_DATE"]?.stringValue.flatMap(Self.isoDate(_:))
            #expect(
                start != nil,
                "CALL_START_DATE is not ISO-8601 with an offset\n\(context)",
                sourceLocation: sourceLocation
            )
            if expected.timestamped, let start, let epoch = expected.startEpoch {
                #expect(
                    abs(start.timeIntervalSince1970 - epoch) <= 1,
                    "CALL_START_DATE \(start), expected epoch \(epoch)\n\(context)",
                    sourceLocation: sourceLocation
                )
            }
        }
        // Each card is shown before it is hidden.
        for user in expected.shownTo {
            let firstShow = call.shows.first { CallJournal.users(of: $0).contains(user) }?.sequence ?? Int.max
            let firstHide = call.hides.first { CallJournal.users(of: $0).contains(user) }?.sequence ?? Int.max
            #expect(
                firstHide == Int.max || firstShow < firstHide,
                "user \(user)'s card hidden before shown\n\(context)",
                sourceLocation: sourceLocation
            )
        }
        // A card to each ringing member, none to anybody else, none left visible.
        #expect(
            call.shownUsers == expected.shownTo,
            "shown to \(call.shownUsers.sorted()), expected \(expected.shownTo.sorted())\n\(context)",
            sourceLocation: sourceLocation
        )
        for user in EndToEndRig.allUsers {
            #expect(
                rig.portal.visibleCards(for: user).isEmpty,
                "card left visible for user \(user)\n\(context)",
                sourceLocation: sourceLocation
            )
        }
        // Exactly one finish, by the right user, with the right status and talk time.
        #expect(
            call.finishes.count == 1,
            "finishes: \(call.finishes.count)\n\(context)",
            sourceLocation: sourceLocation
        )
        if let finish = call.finishes.first {
            let params = finish.params
            #expect(
                params["USER_ID"]?.intValue == expected.finishedBy,
                "finish USER_ID\n\(context)",
                sourceLocation: sourceLocation
            )
            #expect(
                params["STATUS_CODE"]?.stringValue == expected.status,
                "STATUS_CODE\n\(context)",
                sourceLocation: sourceLocation
            )
            let duration = Double(params["DURATION"]?.intValue ?? -100)
            #expect(
                abs(duration - expected.talkSeconds) <= 1,
                "DURATION \(duration), expected \(expected.talkSeconds) ± 1\n\(context)",
                sourceLocation: sourceLocation
            )
        }
        if let callID = call.callIDs.first, let row = rig.portal.finishedCall(callID) {
            #expect(
                row.userID == expected.finishedBy && row.statusCode == expected.status,
                "statistics row\n\(context)",
                sourceLocation: sourceLocation
            )
        }
        checkLead(call, expected.lead, rig: rig, context: context, sourceLocation: sourceLocation)
    }

    /// An ISO-8601 date-time with a zone (`Z` or `±hh:mm`), fractions allowed.
    static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// A lead exactly once (made by register's CRM_CREATE) for an unknown number; otherwise no lead at all.
    static func checkLead(
        _ call: CallJournal,
        _ lead: ExpectedCall.Lead,
        rig: EndToEndRig,
        context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let leads = rig.portal.crmEntities(type: "LEAD")
        let leadAdds = rig.portal.journal.filter { $0.method == "crm.lead.add" && $0.status == 200 }
        switch lead {
        case .created:
            #expect(leads.count == 1, "leads: \(leads.map(\.id))\n\(context)", sourceLocation: sourceLocation)
            let created = call.registers.first?.result?["CRM_CREATED_LEAD"]?.intValue
            #expect(
                created != nil && created == leads.first?.id,
                "register did not report the lead\n\(context)",
                sourceLocation: sourceLocation
            )
            #expect(
                leadAdds.isEmpty,
                "crm.lead.add although register created the lead\n\(context)",
                sourceLocation: sourceLocation
            )
        case .none:
            #expect(
                leads.isEmpty,
                "unexpected leads: \(leads.map(\.phones))\n\(context)",
                sourceLocation: sourceLocation
            )
            #expect(leadAdds.isEmpty, "unexpected crm.lead.add\n\(context)", sourceLocation: sourceLocation)
        }
    }

    /// Nothing at all reached the portal about `linkedid`: every telephony command and every lead belongs to the
    /// sentinel call replayed after it (``EndToEndRig/runWithSentinel(_:)``).
    static func checkNothing(for linkedid: String, rig: EndToEndRig, sourceLocation: SourceLocation = #_sourceLocation)
    {
        let context = rig.describeJournal()
        let call = rig.journal(of: linkedid)
        #expect(call.registers.isEmpty, "\(linkedid) was registered\n\(context)", sourceLocation: sourceLocation)
        let sentinel = rig.journal(of: ExpectedCall.answered.linkedid)
        let foreign = rig.portal.journal.filter { entry in
            guard Self.callMethods.contains(entry.method) else { return false }
            if entry.method == "telephony.externalcall.register" {
                return entry.params["EXTERNAL_CALL_ID"]?.stringValue != sentinel.externalCallID
            }
            return !(entry.params["CALL_ID"]?.stringValue.map(sentinel.callIDs.contains) ?? false)
        }
        #expect(
            foreign.isEmpty,
            "telephony commands besides the sentinel's:\n\(CallJournal.describe(foreign))\n\(context)",
            sourceLocation: sourceLocation
        )
        let sentinelLead = sentinel.registers.first?.result?["CRM_CREATED_LEAD"]?.intValue
        let otherLeads = rig.portal.crmEntities(type: "LEAD").filter { $0.id != sentinelLead }
        #expect(
            otherLeads.isEmpty,
            "leads besides the sentinel's: \(otherLeads.map(\.phones))\n\(context)",
            sourceLocation: sourceLocation
        )
        #expect(
            !rig.portal.journal.contains { $0.method == "crm.lead.add" },
            "crm.lead.add\n\(context)",
            sourceLocation: sourceLocation
        )
    }
}
