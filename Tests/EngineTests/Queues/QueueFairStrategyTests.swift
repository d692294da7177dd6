import Engine
import Foundation
import RuleDSL
import Testing

/// The Must-show simulations of the `fair` strategy on a virtual clock (no AGI socket): members A (never answers),
/// B and C.
@Suite struct QueueFairStrategyTests {
    static func sales(
        maxWait: Int = 120,
        wrapUp: Int = 0,
        overflow: QueueOverflow? = .dialplan(context: "voicemail", extension: "s", priority: 1)
    ) -> QueueSpec {
        QueueSpec(
            name: "sales",
            strategy: .fair,
            members: QueueScenario.members(["A", "B", "C"]),
            ringSeconds: 15,
            maxWaitSeconds: maxWait,
            wrapUpSeconds: wrapUp,
            overflow: overflow
        )
    }

    @Test func aMemberWhoMissedIsNotOfferedAgainBeforeEveryOtherMember() {
        var scenario = QueueScenario([Self.sales()])
        scenario.arrive("call-1", queue: "sales")
        #expect(scenario.offers == ["A"])
        #expect(scenario.lastAttempt?.seconds == 15)
        #expect(scenario.lastAttempt?.dialString == "PJSIP/A")
        scenario.at(15)
        scenario.outcome("call-1", .noAnswer)
        #expect(scenario.offers == ["A", "B"])
        scenario.at(30)
        scenario.outcome("call-1", .noAnswer)
        // A has been idle longest, but missed in this call: C first.
        #expect(scenario.offers == ["A", "B", "C"])
        scenario.at(45)
        scenario.outcome("call-1", .noAnswer)
        // Every member tried: a new round, still longest-idle first (A, B: C was offered last).
        #expect(scenario.offers == ["A", "B", "C", "A"])
    }

    @Test func theLongestIdleMemberIsOfferedFirstIdleCountingFromTheEndOfTheLastCall() {
        var scenario = QueueScenario([Self.sales()])
        // B talks 0–100 and C talks 10–50: C's call ended first, so C has been idle longest (A is paused).
        scenario.pause("PJSIP/A", true)
        scenario.arrive("b", queue: "sales")
        scenario.outcome("b", .answer)
        scenario.at(10)
        scenario.arrive("c", queue: "sales")
        #expect(scenario.offers == ["B", "C"])
        scenario.outcome("c", .answer)
        scenario.at(50)
        scenario.end("c")
        scenario.at(100)
        scenario.end("b")
        scenario.at(200)
        scenario.arrive("next", queue: "sales")
        #expect(scenario.offers.last == "C")
        scenario.at(215)
        scenario.outcome("next", .noAnswer)
        #expect(scenario.offers.last == "B")
    }

    @Test func allMembersMissingOverflowsAfterTheMaximumWait() {
        var scenario = QueueScenario([Self.sales(maxWait: 40)])
        scenario.arrive("call-1", queue: "sales")
        scenario.at(15)
        scenario.outcome("call-1", .noAnswer)
        scenario.at(30)
        scenario.outcome("call-1", .noAnswer)
        // Ten seconds left: the last attempt rings for ten, not fifteen.
        #expect(scenario.offers == ["A", "B", "C"])
        #expect(scenario.lastAttempt?.seconds == 10)
        scenario.at(40)
        let last = scenario.outcome("call-1", .noAnswer)
        #expect(
            last == [.overflow(callID: "call-1", queue: "sales", context: "voicemail", extension: "s", priority: 1)]
        )
        #expect(scenario.machine.activeCallIDs.isEmpty)
    }

    @Test func aCallerWaitingForBusyMembersOverflowsAtTheDeadlineWithoutRingingTheMemberWhoMissed() {
        var scenario = QueueScenario([Self.sales(maxWait: 60)])
        scenario.device("PJSIP/B", .inUse)
        scenario.device("PJSIP/C", .inUse)
        scenario.arrive("call-1", queue: "sales")
        scenario.at(15)
        let afterMiss = scenario.outcome("call-1", .noAnswer)
        #expect(afterMiss == [.hold(callID: "call-1", queue: "sales")])
        #expect(scenario.machine.nextWakeUp == scenario.start.addingTimeInterval(60))
        scenario.at(59)
        #expect(scenario.tick().isEmpty)
        scenario.at(60)
        let overflow = QueueAction.overflow(
            callID: "call-1",
            queue: "sales",
            context: "voicemail",
            extension: "s",
            priority: 1
        )
        #expect(scenario.tick() == [overflow])
        #expect(scenario.offers == ["A"])
    }

    @Test func overflowToAnotherEngineQueueRingsThatQueuesMembers() {
        let support = QueueSpec(name: "support", members: QueueScenario.members(["D"]), ringSeconds: 20)
        var scenario = QueueScenario([Self.sales(maxWait: 15, overflow: .queue("support")), support])
        scenario.arrive("call-1", queue: "sales")
        scenario.at(15)
        let moved = scenario.outcome("call-1", .noAnswer)
        #expect(moved.first == .movedToQueue(callID: "call-1", from: "sales", to: "support"))
        #expect(scenario.offers == ["A", "D"])
        #expect(scenario.lastAttempt?.seconds == 20)
    }

    @Test func aMemberWhoGoesUnavailableMidCallIsSkipped() {
        var scenario = QueueScenario([Self.sales()])
        scenario.arrive("call-1", queue: "sales")
        scenario.at(5)
        scenario.device("PJSIP/B", .unavailable)
        scenario.at(15)
        scenario.outcome("call-1", .noAnswer)
        #expect(scenario.offers == ["A", "C"])
        scenario.at(20)
        scenario.device("PJSIP/B", .notInUse)
        scenario.at(30)
        scenario.outcome("call-1", .noAnswer)
        // B is back and was not tried in this call: B before A comes round again.
        #expect(scenario.offers == ["A", "C", "B"])
    }

    @Test func aPausedMemberIsSkippedUntilUnpaused() {
        var scenario = QueueScenario([Self.sales()])
        scenario.pause("PJSIP/A", true)
        scenario.pause("PJSIP/B", true)
        scenario.pause("PJSIP/C", true)
        #expect(scenario.arrive("call-1", queue: "sales") == [.hold(callID: "call-1", queue: "sales")])
        scenario.at(7)
        scenario.pause("PJSIP/B", false)
        #expect(scenario.offers == ["B"])
        #expect(scenario.lastAttempt?.seconds == 15)
    }

    @Test func wrapUpIsRespected() {
        var scenario = QueueScenario([Self.sales(wrapUp: 30)])
        scenario.device("PJSIP/B", .inUse)
        scenario.device("PJSIP/C", .inUse)
        scenario.arrive("call-1", queue: "sales")
        scenario.at(3)
        scenario.outcome("call-1", .answer)
        scenario.at(60)
        scenario.end("call-1")
        scenario.at(70)
        #expect(scenario.arrive("call-2", queue: "sales") == [.hold(callID: "call-2", queue: "sales")])
        #expect(scenario.machine.nextWakeUp == scenario.start.addingTimeInterval(90))
        scenario.at(89)
        #expect(scenario.tick().isEmpty)
        scenario.at(90)
        scenario.tick()
        #expect(scenario.offers == ["A", "A"])
    }

    @Test func aCallerWhoHangsUpDuringAnAttemptFreesTheMember() {
        var scenario = QueueScenario([Self.sales()])
        scenario.device("PJSIP/B", .unavailable)
        scenario.device("PJSIP/C", .unavailable)
        scenario.arrive("call-1", queue: "sales")
        scenario.at(1)
        #expect(scenario.arrive("call-2", queue: "sales") == [.hold(callID: "call-2", queue: "sales")])
        scenario.at(4)
        scenario.outcome("call-1", .cancel)
        #expect(scenario.offers == ["A", "A"])
        #expect(scenario.lastAttempt?.callID == "call-2")
    }

    @Test func oneMemberIsNeverOfferedToTwoCallersAtOnce() {
        var scenario = QueueScenario([Self.sales()])
        scenario.arrive("call-1", queue: "sales")
        scenario.arrive("call-2", queue: "sales")
        scenario.arrive("call-3", queue: "sales")
        scenario.arrive("call-4", queue: "sales")
        #expect(scenario.offers == ["A", "B", "C"])
        #expect(scenario.actions.last == .hold(callID: "call-4", queue: "sales"))
        scenario.at(15)
        scenario.outcome("call-2", .noAnswer)
        // B is free again: the oldest waiting call (4) gets B; call 2 waits for C or A.
        #expect(scenario.offers.last == "B")
        #expect(scenario.lastAttempt?.callID == "call-4")
    }
}
