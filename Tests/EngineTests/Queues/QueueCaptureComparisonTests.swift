import AMIProtocol
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// The problem the engine queues solve, on the real Asterisk 22 capture: app_queue's `leastrecent` rang Petr three
/// times in a row while the caller waited in `support`; the same queue under `fair` never rings one member twice in
/// a row and offers each member once before anyone again.
@Suite struct QueueCaptureComparisonTests {
    static let members = [("Ivan", "Local/201@agents"), ("Petr", "Local/202@agents"), ("Anna", "Local/203@agents")]

    @Test func appQueueRangTheSameMemberThreeTimesInARowTheFairQueueDoesNot() throws {
        let capture = try AMICapture(contentsOf: RepositoryFiles.url("captures/noanswer-overflow.ami"))
        let appQueue = capture.events.filter { $0.name == "AgentCalled" && $0["Queue"] == "support" }
            .compactMap { $0["MemberName"] }
        #expect(appQueue.suffix(3) == ["Petr", "Petr", "Petr"])

        // The same queue (15 s per attempt, 40 s in support as in the capture) with nobody answering.
        let support = QueueSpec(
            name: "support",
            members: Self.members.map { QueueMemberSpec(name: $0.0, dial: $0.1) },
            ringSeconds: 15,
            maxWaitSeconds: 40
        )
        var scenario = QueueScenario([support])
        // The members' devices as the capture reports them before the call: free.
        for event in capture.events where event.name == "DeviceStateChange" {
            guard let device = event["Device"], device.hasPrefix("Local/20"), event["State"] == "NOT_INUSE" else {
                continue
            }
            scenario.device(device, .notInUse)
        }
        scenario.arrive("caller", queue: "support")
        scenario.at(15)
        scenario.outcome("caller", .noAnswer)
        scenario.at(30)
        scenario.outcome("caller", .noAnswer)
        scenario.at(40)
        let last = scenario.outcome("caller", .noAnswer)
        #expect(scenario.offers == ["Ivan", "Petr", "Anna"])
        #expect(zip(scenario.offers, scenario.offers.dropFirst()).allSatisfy { $0 != $1 })
        #expect(last == [.giveUp(callID: "caller", queue: "support")])
    }
}
