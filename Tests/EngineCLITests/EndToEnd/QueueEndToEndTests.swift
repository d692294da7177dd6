import Simulators
import Testing

/// Inbound calls into app_queue (`sales`, `support`): answered, missed, abandoned, withheld number.
@Suite("end to end: queues", .serialized)
struct QueueEndToEndTests {
    @Test("answered: cards to 201/202/203, none left, finished by 201 with 200 and ~4.5 s, one lead")
    func answered() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.answered)
            CallAssertions.check(call, against: .answered, rig: rig)
        }
    }

    @Test("answered without Timestamp headers: the same outcome, timed by arrival")
    func answeredWithoutTimestamps() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.answeredNoTimestamps)
            CallAssertions.check(call, against: .answeredNoTimestamps, rig: rig)
        }
    }

    @Test("noanswer-overflow: two queues, every card hidden, one missed call (304) for the default user")
    func noAnswerOverflow() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.noanswerOverflow)
            CallAssertions.check(call, against: .noanswerOverflow, rig: rig)
        }
    }

    @Test("abandon: the caller hangs up while ringing; cards hidden, 304")
    func abandon() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.abandon)
            CallAssertions.check(call, against: .abandon, rig: rig)
        }
    }

    @Test("anonymous: registered with the placeholder number and no lead; cards as usual; 201, 200")
    func anonymous() async throws {
        try await EndToEndRig.with { rig in
            let call = try await rig.runToCompletion(.anonymous)
            CallAssertions.check(call, against: .anonymous, rig: rig)
            #expect(call.registers.first?.params["CRM_CREATE"]?.isTruthy == false, "\(rig.describeJournal())")
        }
    }
}
