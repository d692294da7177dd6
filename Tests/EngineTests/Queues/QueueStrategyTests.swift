import AMIProtocol
import Engine
import Foundation
import RuleDSL
import Testing

/// `ringall`, `linear` and `random`, and availability read from AMI.
@Suite struct QueueStrategyTests {
    static func queue(_ strategy: QueueStrategy, maxWait: Int = 120) -> QueueSpec {
        QueueSpec(
            name: "q",
            strategy: strategy,
            members: QueueScenario.members(["A", "B", "C"]),
            ringSeconds: 15,
            maxWaitSeconds: maxWait
        )
    }

    @Test func ringallRingsEveryFreeMemberAndTheOneWhoAnswersIsConnected() throws {
        var scenario = QueueScenario([Self.queue(.ringall)])
        scenario.device("PJSIP/B", .inUse)
        scenario.arrive("call-1", queue: "q")
        #expect(scenario.offers == ["A&C"])
        #expect(scenario.lastAttempt?.dialString == "PJSIP/A&PJSIP/C")
        scenario.at(4)
        let answered = scenario.outcome("call-1", .answer, answeredBy: "PJSIP/C")
        let member = try #require(scenario.lastAttempt?.members.last)
        #expect(answered == [.connected(callID: "call-1", queue: "q", member: member)])
        // A was released at once and can take the next caller; C is talking.
        scenario.arrive("call-2", queue: "q")
        #expect(scenario.offers.last == "A")
    }

    @Test func linearGoesDownTheListSkippingMembersWhoAreNotFree() {
        var scenario = QueueScenario([Self.queue(.linear)])
        scenario.device("PJSIP/A", .ringing)
        scenario.arrive("call-1", queue: "q")
        scenario.at(15)
        scenario.outcome("call-1", .noAnswer)
        #expect(scenario.offers == ["B", "C"])
        scenario.device("PJSIP/A", .notInUse)
        scenario.at(30)
        scenario.outcome("call-1", .noAnswer)
        #expect(scenario.offers == ["B", "C", "A"])
    }

    @Test func randomIsReproducibleAndTriesEveryMemberOncePerRound() {
        func offers() -> [String] {
            var scenario = QueueScenario([Self.queue(.random)])
            scenario.arrive("call-1", queue: "q")
            for second in stride(from: 15, through: 45, by: 15) {
                scenario.at(TimeInterval(second))
                scenario.outcome("call-1", .noAnswer)
            }
            return scenario.offers
        }
        let first = offers()
        #expect(first == offers())
        #expect(first.count == 4)
        #expect(Set(first.prefix(3)) == ["A", "B", "C"])
        #expect(first[3] != first[2])
    }

    @Test func anUnknownQueueGivesUpAtOnce() {
        var scenario = QueueScenario([Self.queue(.fair)])
        #expect(scenario.arrive("call-1", queue: "nope") == [.giveUp(callID: "call-1", queue: "nope")])
    }

    @Test func availabilityIsReadFromDeviceStateExtensionStatusAndQueueMemberPause() {
        let device = AMIMessage(["Event": "DeviceStateChange", "Device": "PJSIP/201", "State": "INUSE"])
        #expect(QueuePresence.change(from: device) == .deviceState(device: "PJSIP/201", state: .inUse))
        let hint = AMIMessage([
            "Event": "ExtensionStatus", "Exten": "201", "Context": "hints", "Hint": "PJSIP/201&Custom:dnd",
            "Status": "4", "StatusText": "Unavailable",
        ])
        #expect(QueuePresence.change(from: hint) == .deviceState(device: "PJSIP/201", state: .unavailable))
        let pause = AMIMessage([
            "Event": "QueueMemberPause", "Queue": "sales", "Interface": "Local/201@agents", "Paused": "1",
            "PausedReason": "lunch",
        ])
        #expect(QueuePresence.change(from: pause) == .pause(device: "Local/201@agents", paused: true, reason: "lunch"))
        for broken in [
            AMIMessage(["Event": "DeviceStateChange", "Device": "PJSIP/201", "State": "SLEEPING"]),
            AMIMessage(["Event": "ExtensionStatus", "Exten": "201", "Status": "x"]),
            AMIMessage(["Event": "QueueMemberPause", "Paused": "1"]),
            AMIMessage(["Event": "Newchannel", "Channel": "PJSIP/201-0001"]),
        ] {
            #expect(QueuePresence.change(from: broken) == nil)
        }
        #expect(QueueDeviceState(extensionStatus: 0) == .notInUse)
        #expect(QueueDeviceState(extensionStatus: 9) == .ringInUse)
        #expect(QueueDeviceState(extensionStatus: 8) == .ringing)
        #expect(QueueDeviceState(extensionStatus: 16) == .onHold)
        #expect(QueueDeviceState(extensionStatus: -1) == .invalid)
    }

    @Test func aPauseFromAppQueueNamesTheMemberByItsDialString() {
        let member = QueueMemberSpec(name: "ivan", dial: "Local/201@agents", device: "PJSIP/201")
        var machine = QueueStateMachine(queues: [QueueSpec(name: "q", members: [member])])
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let pause = AMIMessage(["Event": "QueueMemberPause", "Interface": "Local/201@agents", "Paused": "1"])
        _ = machine.presence(pause, at: now)
        #expect(machine.memberRecords.first?.isPaused == true)
        #expect(machine.callArrived("call-1", queue: "q", at: now) == [.hold(callID: "call-1", queue: "q")])
        let busy = AMIMessage(["Event": "DeviceStateChange", "Device": "PJSIP/201", "State": "INUSE"])
        let back = AMIMessage(["Event": "QueueMemberPause", "Interface": "Local/201@agents", "Paused": "0"])
        _ = machine.presence(busy, at: now + 1)
        #expect(machine.presence(back, at: now + 2).isEmpty)
        let free = AMIMessage(["Event": "DeviceStateChange", "Device": "PJSIP/201", "State": "NOT_INUSE"])
        let offered = machine.presence(free, at: now + 3)
        #expect(offered.count == 1)
        // Leaving INUSE ended a call the engine did not route: idle counts from there.
        #expect(machine.memberRecords.first?.idleSince == now + 3)
    }
}
