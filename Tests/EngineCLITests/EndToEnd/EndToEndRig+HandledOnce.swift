import Simulators
import Testing

extension EndToEndRig {
    /// Each call registered once, a card to each phone that rang, finished once by the expected user with the
    /// expected status; no card left shown and no call left open at the portal.
    func expectEachCallHandledOnce(_ calls: [ExpectedCall], sourceLocation: SourceLocation = #_sourceLocation) {
        for call in calls {
            let journal = journal(of: call.linkedid)
            let context = "\(call.capture)\n\(describeJournal())"
            #expect(journal.registers.count == 1, "registered once: \(context)", sourceLocation: sourceLocation)
            #expect(journal.finishes.count == 1, "finished once: \(context)", sourceLocation: sourceLocation)
            #expect(
                journal.shownUsers == call.shownTo,
                "a card to each ringing phone: \(context)",
                sourceLocation: sourceLocation
            )
            let finish = journal.finishes.first?.params
            #expect(
                finish?["USER_ID"]?.intValue.map { $0 == call.finishedBy || call.mayBeFinishedBy.contains($0) } == true,
                "finished by: \(context)",
                sourceLocation: sourceLocation
            )
            #expect(
                finish?["STATUS_CODE"]?.stringValue == call.status,
                "status: \(context)",
                sourceLocation: sourceLocation
            )
        }
        for user in EndToEndRig.allUsers {
            #expect(
                portal.visibleCards(for: user).isEmpty,
                "user \(user) still sees a card",
                sourceLocation: sourceLocation
            )
        }
        #expect(portal.liveCalls.isEmpty, "every registered call is finished", sourceLocation: sourceLocation)
    }
}
