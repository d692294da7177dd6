import AMIProtocol
import Engine
import Foundation
import RuleDSL
import Testing

/// The dialplan loop on a virtual clock: questions as the dialplan asks them, the AMI events it reads, time passing.
@Suite struct QueueDialplanLoopTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func loop(
        strategy: QueueStrategy = .fair,
        members: [String] = ["A", "B", "C"],
        ring: Int = 15,
        maxWait: Int = 60,
        wrapUp: Int = 0,
        overflow: QueueOverflow? = .dialplan(context: "voicemail", extension: "s", priority: 1)
    ) -> QueueDialplanLoop {
        let spec = QueueSpec(
            name: "sales",
            strategy: strategy,
            members: QueueScenario.members(members),
            ringSeconds: ring,
            maxWaitSeconds: maxWait,
            wrapUpSeconds: wrapUp,
            overflow: overflow
        )
        return QueueDialplanLoop(machine: QueueStateMachine(queues: [spec]), waitSeconds: 2, graceSeconds: 10)
    }

    static func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    static func ask(_ status: String? = nil, channel: String = "c1") -> QueueAsk {
        QueueAsk(uniqueid: channel, queue: "sales", dialStatus: status)
    }

    static func dialled(_ step: QueueDialplanLoop.Step) -> String? {
        guard case .dial(let attempt)? = step.answer else { return nil }
        return attempt.members.map(\.name).joined(separator: "&")
    }

    static func device(_ device: String, _ state: String) -> AMIMessage {
        AMIMessage(["Event": "DeviceStateChange", "Device": device, "State": state])
    }

    static func dialEnd(_ channel: String, member: String, status: String) -> AMIMessage {
        AMIMessage([
            "Event": "DialEnd", "Channel": "PJSIP/trunk-00000001", "Uniqueid": channel,
            "DestChannel": "PJSIP/\(member)-0000000a", "DestUniqueid": "\(channel)-\(member)", "DialStatus": status,
        ])
    }

    static func hangup(_ uniqueid: String) -> AMIMessage {
        AMIMessage(["Event": "Hangup", "Channel": "PJSIP/trunk-00000001", "Uniqueid": uniqueid, "Cause": "16"])
    }

    @Test func theDialplanIsToldWhomToDialAndForHowLongThenAsksAgainWithTheOutcome() throws {
        var loop = Self.loop(maxWait: 55)
        let first = loop.ask(Self.ask(""), at: Self.at(0))
        #expect(first.notes == [.joined(uniqueid: "c1", queue: "sales", position: 1)])
        guard case .dial(let attempt)? = first.answer else {
            throw Failure("not a dial: \(String(describing: first.answer))")
        }
        #expect(attempt.dialString == "PJSIP/A" && attempt.seconds == 15 && attempt.queue == "sales")
        #expect(first.answer?.action == "dial")
        // A does not answer; B is next, then C — and A is not offered again before C.
        #expect(Self.dialled(loop.ask(Self.ask("NOANSWER"), at: Self.at(15))) == "B")
        #expect(Self.dialled(loop.ask(Self.ask("BUSY"), at: Self.at(30))) == "C")
        // The last attempt is cut to what is left of the wait; then the overflow.
        let fourth = loop.ask(Self.ask("NOANSWER"), at: Self.at(45))
        guard case .dial(let last)? = fourth.answer else { throw Failure("not a dial") }
        #expect(last.members.map(\.name) == ["A"] && last.seconds == 10)
        let over = loop.ask(Self.ask("NOANSWER"), at: Self.at(55))
        #expect(over.answer == .goto(queue: "sales", context: "voicemail", extension: "s", priority: 1))
        #expect(over.notes == [.left(uniqueid: "c1", queue: "sales", reason: .timeout)])
        #expect(loop.activeChannels == 0)
    }

    @Test func aCallerWhoCannotBeServedWaitsAndIsToldAtTheNextQuestion() {
        var loop = Self.loop()
        for member in ["A", "B", "C"] { _ = loop.observe(Self.device("PJSIP/\(member)", "INUSE"), at: Self.at(0)) }
        #expect(loop.ask(Self.ask(), at: Self.at(0)).answer == .wait(queue: "sales", seconds: 2))
        #expect(loop.ask(Self.ask(), at: Self.at(2)).answer == .wait(queue: "sales", seconds: 2))
        // B's call ends while the caller hears music on hold: B is held for this caller at once …
        _ = loop.observe(Self.device("PJSIP/B", "NOT_INUSE"), at: Self.at(3))
        var other = loop.ask(Self.ask(channel: "c2"), at: Self.at(3))
        #expect(other.answer == .wait(queue: "sales", seconds: 2), "B is not offered to a later caller")
        // … and offered at its next question.
        #expect(Self.dialled(loop.ask(Self.ask(), at: Self.at(4))) == "B")
        // The wait is never longer than what is left of the maximum wait.
        other = loop.ask(Self.ask(channel: "c2"), at: Self.at(62))
        #expect(other.answer == .wait(queue: "sales", seconds: 1))
        #expect(loop.ask(Self.ask(channel: "c2"), at: Self.at(63)).answer?.action == "goto")
    }

    @Test func anOperatorWhoGoesUnavailableBetweenTwoAttemptsIsSkipped() {
        var loop = Self.loop()
        #expect(Self.dialled(loop.ask(Self.ask(), at: Self.at(0))) == "A")
        _ = loop.observe(Self.device("PJSIP/B", "UNAVAILABLE"), at: Self.at(5))
        #expect(Self.dialled(loop.ask(Self.ask("NOANSWER"), at: Self.at(15))) == "C")
        _ = loop.observe(Self.device("PJSIP/B", "NOT_INUSE"), at: Self.at(20))
        #expect(Self.dialled(loop.ask(Self.ask("NOANSWER"), at: Self.at(30))) == "B")
    }

    @Test func theAnswerComesFromAMIAndTheCallersHangUpEndsTheCall() {
        var loop = Self.loop(wrapUp: 30)
        #expect(Self.dialled(loop.ask(Self.ask(), at: Self.at(0))) == "A")
        _ = loop.observe(Self.dialEnd("c1", member: "A", status: "ANSWER"), at: Self.at(4))
        // While A talks, the next caller gets B.
        #expect(Self.dialled(loop.ask(Self.ask(channel: "c2"), at: Self.at(10))) == "B")
        _ = loop.observe(Self.dialEnd("c2", member: "B", status: "ANSWER"), at: Self.at(12))
        _ = loop.observe(Self.hangup("c1"), at: Self.at(100))
        #expect(loop.machine.memberRecords.first { $0.device == "PJSIP/A" }?.idleSince == Self.at(100))
        // A rests 30 s after the call: a caller at 110 gets C, one at 131 gets A.
        #expect(Self.dialled(loop.ask(Self.ask(channel: "c3"), at: Self.at(110))) == "C")
        _ = loop.observe(Self.dialEnd("c3", member: "C", status: "ANSWER"), at: Self.at(112))
        #expect(loop.ask(Self.ask(channel: "c4"), at: Self.at(120)).answer?.action == "wait")
        #expect(loop.nextWakeUp == Self.at(130), "A's rest ends")
        #expect(Self.dialled(loop.ask(Self.ask(channel: "c4"), at: Self.at(131))) == "A")
        // A question after an answered call (Dial with `g`), or from a channel that hung up: nothing more.
        #expect(loop.ask(Self.ask("ANSWER"), at: Self.at(140)).answer == .done(queue: "sales"))
    }

    @Test func aCallerWhoHangsUpDuringAnAttemptFreesTheMemberAtOnce() {
        var loop = Self.loop()
        #expect(Self.dialled(loop.ask(Self.ask(), at: Self.at(0))) == "A")
        _ = loop.observe(Self.hangup("c1"), at: Self.at(5))
        #expect(loop.activeChannels == 0)
        #expect(Self.dialled(loop.ask(Self.ask(channel: "c2"), at: Self.at(6))) == "A")
        // Idle time counts from the end of a call, not of a ring: A is still the longest idle.
        #expect(loop.machine.memberRecords.first { $0.device == "PJSIP/A" }?.idleSince == nil)
    }

    @Test func aDialplanThatNeverReportsDoesNotHoldAMember() {
        var loop = Self.loop(maxWait: 300)
        #expect(Self.dialled(loop.ask(Self.ask(), at: Self.at(0))) == "A")
        #expect(loop.nextWakeUp == Self.at(25), "ring time and grace")
        let late = loop.timePassed(to: Self.at(25))
        #expect(late.notes.isEmpty)
        // Counted as unanswered: B is held for the caller, who is told at the next question.
        #expect(Self.dialled(loop.ask(Self.ask("NOANSWER"), at: Self.at(26))) == "B")
        // A caller told to wait who never asks again is gone: after the wait and the grace, it is let go.
        _ = loop.observe(Self.dialEnd("c1", member: "B", status: "ANSWER"), at: Self.at(30))
        for member in ["A", "C"] { _ = loop.observe(Self.device("PJSIP/\(member)", "INUSE"), at: Self.at(31)) }
        #expect(loop.ask(Self.ask(channel: "c2"), at: Self.at(32)).answer == .wait(queue: "sales", seconds: 2))
        _ = loop.timePassed(to: Self.at(44))
        #expect(loop.activeChannels == 1, "c2 was let go; c1 talks to B")
        #expect(loop.ask(Self.ask(channel: "c2"), at: Self.at(45)).answer == .done(queue: "sales"))
    }

    @Test func aRingOfALocalMemberDoesNotRestartTheirIdleTime() {
        // Local channels report their device in use while they ring: that ring's end is not a call's end.
        var loop = Self.loop(members: ["A", "B"])
        _ = loop.observe(Self.device("PJSIP/B", "INUSE"), at: Self.at(0))
        _ = loop.observe(Self.device("PJSIP/B", "NOT_INUSE"), at: Self.at(1))
        #expect(Self.dialled(loop.ask(Self.ask(), at: Self.at(2))) == "A")
        _ = loop.observe(Self.device("PJSIP/A", "INUSE"), at: Self.at(2))
        #expect(Self.dialled(loop.ask(Self.ask("NOANSWER"), at: Self.at(17))) == "B")
        _ = loop.observe(Self.device("PJSIP/A", "NOT_INUSE"), at: Self.at(17))
        _ = loop.observe(Self.dialEnd("c1", member: "B", status: "ANSWER"), at: Self.at(20))
        // A never talked: still idle longest (B's last call ended at 1), so the next caller gets A.
        #expect(loop.machine.memberRecords.first { $0.device == "PJSIP/A" }?.idleSince == nil)
        #expect(Self.dialled(loop.ask(Self.ask(channel: "c2"), at: Self.at(21))) == "A")
    }

    @Test func theAnsweringMembersDeviceGoingFreeEndsTheirPart() {
        var loop = Self.loop(members: ["A"], wrapUp: 5)
        #expect(Self.dialled(loop.ask(Self.ask(), at: Self.at(0))) == "A")
        _ = loop.observe(Self.dialEnd("c1", member: "A", status: "ANSWER"), at: Self.at(3))
        _ = loop.observe(Self.device("PJSIP/A", "INUSE"), at: Self.at(3))
        // A transfers the caller on: their device goes free while the caller's channel lives on.
        _ = loop.observe(Self.device("PJSIP/A", "NOT_INUSE"), at: Self.at(50))
        #expect(loop.activeChannels == 0)
        #expect(loop.machine.memberRecords.first?.idleSince == Self.at(50))
        #expect(loop.ask(Self.ask(channel: "c2"), at: Self.at(52)).answer == .wait(queue: "sales", seconds: 2))
        #expect(Self.dialled(loop.ask(Self.ask(channel: "c2"), at: Self.at(55))) == "A")
    }

    @Test func overflowIntoAnotherEngineQueueIsAJoinAndRingallDialsEveryFreeMember() throws {
        let sales = QueueSpec(
            name: "sales",
            members: QueueScenario.members(["A"]),
            ringSeconds: 10,
            maxWaitSeconds: 10,
            overflow: .queue("support")
        )
        let support = QueueSpec(name: "support", strategy: .ringall, members: QueueScenario.members(["B", "C"]))
        var loop = QueueDialplanLoop(machine: QueueStateMachine(queues: [sales, support]))
        #expect(Self.dialled(loop.ask(Self.ask(), at: Self.at(0))) == "A")
        let moved = loop.ask(Self.ask("NOANSWER"), at: Self.at(10))
        #expect(moved.notes == [.joined(uniqueid: "c1", queue: "support", position: 1)])
        guard case .dial(let attempt)? = moved.answer else { throw Failure("not a dial") }
        #expect(attempt.queue == "support" && attempt.dialString == "PJSIP/B&PJSIP/C")
        #expect(moved.answer?.queue == "support")
        // An unknown queue: the dialplan goes on at once.
        #expect(loop.ask(QueueAsk(uniqueid: "c9", queue: "nope"), at: Self.at(11)).answer == .giveUp(queue: "nope"))
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
