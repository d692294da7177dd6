import Actions
import Adapters
import Foundation
import Testing

/// The delivery state machine on its own: no socket, no file, no sleep; time moves when the test says and the jitter
/// comes from a seeded generator, so every request, write and wake-up time is asserted exactly.
@Suite("Delivery state machine")
struct DeliveryStateMachineTests {
    static let operators = [100, 101, 102]

    func ring(_ index: Int) -> [DeliveryCommand] {
        SyntheticCalls.commands(index: index, operators: Self.operators, script: .ring)
    }

    @Test("A batch answered: every command acknowledged and landed once, nothing left, no wake-up")
    func batchAnswered() throws {
        var harness = MachineHarness()
        harness.start()
        let sent = harness.enqueue((0..<3).flatMap(ring))
        let request = try #require(sent.first)
        #expect(sent.count == 1)
        #expect(request.isBatch)
        let pair = ["telephony.externalcall.register", "telephony.externalcall.show"]
        #expect(request.commands.map(\.method) == pair + pair + pair)
        // Each show reads its register's CALL_ID inside the batch.
        #expect(request.commands[1].params["CALL_ID"] == "$result[c1][CALL_ID]")
        #expect(request.commands[1].dependsOnKey == "c1")
        #expect(request.commands[1].params["USER_ID"] == [100, 101, 102])

        harness.answer(request)
        #expect(harness.writes.count == 1)
        #expect(harness.writes[0].changes.count == 6)
        #expect(harness.landed.count == 6)
        #expect(harness.machine.pendingCount == 0)
        #expect(harness.wake == nil)
        #expect(harness.machine.statistics.acknowledged == 6)
        #expect(harness.machine.statistics.requestsSent == 1)
        #expect(harness.machine.statistics.batchesSent == 1)
    }

    @Test("A partial batch failure: the refused register dies with its show, a failed show retries alone, exactly")
    func partialBatchFailure() throws {
        var harness = MachineHarness()
        harness.start()
        let request = try #require(harness.enqueue((0..<3).flatMap(ring)).first)
        harness.answer(request) { command in
            switch (command.entry.command.callKey, command.entry.command.step) {
            case ("synthetic.0", "register"): .failure(PortalErrors.userNotFound(command.method))
            case ("synthetic.2", "show"): .failure(PortalErrors.serverError)
            default: .success(MachineHarness.result(of: command))
            }
        }
        // Call 0: register refused for good; its show read its result, so it goes too (a dependant, not a retry).
        #expect(harness.deadLetters.map(\.0.command.step) == ["register", "show"])
        #expect(harness.deadLetters[1].1.hasPrefix("depends on register, which was given up"))
        // Call 1 delivered; call 2's register delivered, its show waits for its back-off.
        #expect(harness.delivered["synthetic.1"]?.keys.sorted() == ["register", "show"])
        #expect(harness.delivered["synthetic.2"]?.keys.sorted() == ["register"])
        let jitter = MachineHarness.jitter(count: 1)[0]
        let retryAt = MachineHarness.start.addingTimeInterval(1.0 * (0.5 + 0.5 * jitter))
        #expect(harness.wake == retryAt)
        #expect(harness.machine.pendingCount == 1)
        #expect(harness.machine.statistics.retries == 1)

        #expect(harness.advance(to: retryAt.addingTimeInterval(-0.001)).isEmpty)
        let retry = try #require(harness.advance(to: retryAt).first)
        #expect(!retry.isBatch)
        #expect(retry.commands[0].entry.attempts == 1)
        // The register is acknowledged now: the show carries the CALL_ID itself.
        #expect(retry.commands[0].params["CALL_ID"] == "externalCall.synthetic.2")
        harness.answer(retry)
        #expect(harness.machine.pendingCount == 0)
        #expect(harness.landed.filter { if case .gaveUp = $0 { true } else { false } }.count == 2)
        #expect(harness.landed.count == 6)
    }

    @Test("503: the portal backs off for the jittered delay, no attempt counted; a second 503 doubles it")
    func rateLimitedBackOff() throws {
        var harness = MachineHarness()
        harness.start()
        let first = try #require(harness.enqueue(ring(0)).first)
        harness.fail(first, PortalErrors.rateLimited)
        let jitter = MachineHarness.jitter(count: 2)
        let start = MachineHarness.start
        let until = start.addingTimeInterval(1.0 * (0.5 + 0.5 * jitter[0]))
        #expect(harness.machine.state == .backingOff(until: until, failures: 1))
        #expect(harness.wake == until)
        #expect(harness.machine.isPortalHeld(at: start))
        // Work queued meanwhile waits too.
        #expect(harness.enqueue(ring(1)).isEmpty)
        #expect(harness.advance(to: until.addingTimeInterval(-0.001)).isEmpty)

        let second = try #require(harness.advance(to: until).first)
        #expect(second.commands.map(\.entry.id) == [1, 2, 3, 4])
        #expect(second.commands.allSatisfy { $0.entry.attempts == 0 })
        harness.fail(second, PortalErrors.rateLimited)
        let until2 = until.addingTimeInterval(2.0 * (0.5 + 0.5 * jitter[1]))
        #expect(harness.machine.state == .backingOff(until: until2, failures: 2))
        #expect(harness.wake == until2)

        let third = try #require(harness.advance(to: until2).first)
        harness.answer(third)
        #expect(harness.machine.state == .delivering(failures: 0))
        #expect(harness.machine.pendingCount == 0)
        #expect(harness.machine.statistics.rateLimitedAnswers == 2)
        #expect(harness.machine.statistics.retries == 0)
        #expect(harness.machine.statistics.deadLettered == 0)
    }

    @Test("Connection refused: backed off like a 503, never an attempt, never a dead letter")
    func unreachable() throws {
        var harness = MachineHarness(DeliveryConfiguration(maxAttempts: 2))
        harness.start()
        var request = try #require(harness.enqueue(ring(0)).first)
        for _ in 0..<5 {
            harness.fail(request, PortalErrors.refused)
            let wake = try #require(harness.wake)
            request = try #require(harness.advance(to: wake).first)
        }
        #expect(harness.machine.consecutiveFailures == 5)
        #expect(request.commands.allSatisfy { $0.entry.attempts == 0 })
        #expect(harness.deadLetters.isEmpty)
        harness.answer(request)
        #expect(harness.machine.consecutiveFailures == 0)
        #expect(harness.machine.pendingCount == 0)
    }

    @Test("429 OPERATION_TIME_LIMIT blocks that method until operating_reset_at; other calls go on")
    func methodBackOff() throws {
        var harness = MachineHarness()
        harness.start()
        let key = "blocked.1"
        let register = try #require(
            harness.enqueue([
                .register(callKey: key, params: ["USER_ID": 100, "PHONE_NUMBER": "+79990002222", "TYPE": 2]),
                .finish(callKey: key, params: ["USER_ID": 100, "DURATION": 5]),
            ]).first
        )
        // A finish never rides with its register.
        #expect(register.commands.map(\.entry.command.step) == ["register"])
        let finish = try #require(harness.answer(register).first)
        #expect(finish.commands[0].params["CALL_ID"] == "externalCall.blocked.1")
        let reset = harness.now.addingTimeInterval(4)
        harness.fail(finish, PortalErrors.timeLimit("telephony.externalcall.finish", until: reset))
        #expect(harness.wake == reset)
        #expect(finish.commands[0].entry.attempts == 0)

        // Another call is delivered meanwhile.
        let other = try #require(harness.enqueue(ring(3)).first)
        #expect(other.commands.map(\.entry.command.step) == ["register", "show"])
        harness.answer(other)
        #expect(harness.machine.pendingCount == 1)
        #expect(harness.wake == reset)
        #expect(harness.advance(to: reset.addingTimeInterval(-0.001)).isEmpty)
        let again = try #require(harness.advance(to: reset).first)
        #expect(again.commands.map(\.method) == ["telephony.externalcall.finish"])
        harness.answer(again)
        #expect(harness.machine.pendingCount == 0)
    }

    @Test("401 pauses the portal for portalPause; a resume ends it at once")
    func pauseAndResume() throws {
        var harness = MachineHarness()
        harness.start()
        let first = try #require(harness.enqueue(ring(0)).first)
        harness.fail(first, PortalErrors.unauthorized)
        let until = MachineHarness.start.addingTimeInterval(30)
        #expect(
            harness.machine.state
                == .paused(until: until, reason: "the webhook's credentials were refused", failures: 0)
        )
        #expect(harness.wake == until)
        #expect(harness.machine.statistics.portalPauses == 1)
        #expect(harness.notices.contains { if case .portalPaused = $0 { true } else { false } })
        #expect(harness.enqueue(ring(1)).isEmpty)
        #expect(harness.advance(to: until.addingTimeInterval(-0.001)).isEmpty)
        // At the end of the pause everything waiting goes out together.
        let resumed = try #require(harness.advance(to: until).first)
        #expect(resumed.commands.count == 4)
        harness.answer(resumed)
        #expect(harness.machine.pendingCount == 0)

        // Paused by hand, resumed by hand.
        harness.pause(reason: "maintenance")
        #expect(harness.enqueue(ring(2)).isEmpty)
        let manual = harness.resume()
        #expect(manual.count == 1)
        #expect(manual.first?.commands.count == 2)
    }

    @Test("A command refused for good takes every command reading its result to the dead letters")
    func deadLetterWithDependants() throws {
        var harness = MachineHarness()
        harness.start()
        let key = "dead.1"
        let request = try #require(
            harness.enqueue(
                [
                    .register(callKey: key, params: ["USER_ID": 999, "PHONE_NUMBER": "+79990003333", "TYPE": 2]),
                    .show(callKey: key, step: "show", userIDs: [100]),
                    .finish(callKey: key, params: ["USER_ID": 100]),
                ] + ring(1)
            ).first
        )
        harness.answer(request) { command in
            command.entry.command.callKey == key && command.entry.command.step == "register"
                ? .failure(PortalErrors.userNotFound(command.method)) : .success(MachineHarness.result(of: command))
        }
        #expect(harness.deadLetters.map(\.0.command.step) == ["register", "show", "finish"])
        #expect(harness.deadLetters.dropFirst().allSatisfy { $0.1.hasPrefix("depends on register") })
        #expect(harness.machine.statistics.deadLettered == 3)
        let gaveUp = harness.landed.compactMap { if case .gaveUp(let command, _) = $0 { command.step } else { nil } }
        #expect(gaveUp == ["register", "show", "finish"])
        #expect(harness.delivered["synthetic.1"]?.count == 2, "the other call was delivered")
        #expect(harness.machine.pendingCount == 0)
    }

    @Test("Pacing: burst 3 at 18/s, one command per request: the 4th request waits 1/18 s, the 20th 17/18 s")
    func pacing() throws {
        var harness = MachineHarness(
            DeliveryConfiguration(rateLimit: .init(burst: 3, perSecond: 18), batchLimit: 1)
        )
        harness.start()
        var times: [Date] = []
        var pending = harness.enqueue((0..<10).flatMap(ring))
        while times.count < 20 {
            if let request = pending.first {
                times.append(harness.now)
                pending = harness.answer(request)
            } else {
                let wake = try #require(harness.wake)
                pending = harness.advance(to: wake)
            }
        }
        let start = MachineHarness.start
        let expected = (1...20).map { start.addingTimeInterval(Double(max(0, $0 - 3)) / 18) }
        for (time, want) in zip(times, expected) {
            #expect(abs(time.timeIntervalSince(want)) < 1e-9, "\(time.timeIntervalSince(start)) s")
        }
        #expect(harness.machine.pendingCount == 0)
        #expect(harness.machine.statistics.requestsSent == 20)
    }

    @Test("One request at a time, 200 calls × 10 operators, a call per ms, answers after 10 ms: 21 requests")
    func twoHundredCalls() throws {
        var harness = MachineHarness(DeliveryConfiguration(maxRequestsInFlight: 1))
        harness.start()
        let operators = Array(100..<110)
        var inFlight: [(due: Date, request: DeliveryRequest)] = []
        let start = MachineHarness.start
        for millisecond in 0...300 {
            let now = start.addingTimeInterval(Double(millisecond) / 1000)
            var sent = harness.advance(to: now)
            if millisecond < 200 {
                sent += harness.enqueue(
                    SyntheticCalls.commands(index: millisecond, operators: operators, script: .ring)
                )
            }
            while let due = inFlight.first, due.due <= now {
                inFlight.removeFirst()
                sent += harness.answer(due.request)
            }
            inFlight += sent.map { (now.addingTimeInterval(0.01), $0) }
        }
        #expect(harness.sent.count == 21)
        #expect(harness.sent.first?.commands.count == 2)
        #expect(harness.sent.dropFirst().dropLast().allSatisfy { $0.commands.count == 20 })
        #expect(harness.sent.last?.commands.count == 18)
        #expect(harness.machine.statistics.rateLimitedAnswers == 0)
        #expect(harness.delivered.count == 200)
        #expect(harness.delivered.values.allSatisfy { $0.count == 2 })
    }

    @Test("attachRecord goes in a request of its own")
    func attachRecordAlone() throws {
        var harness = MachineHarness()
        harness.start()
        let key = "record.1"
        harness.answerAll(
            harness.enqueue(
                [
                    .register(callKey: key, params: ["USER_ID": 100, "PHONE_NUMBER": "+79990007777", "TYPE": 2]),
                    .finish(callKey: key, params: ["USER_ID": 100, "DURATION": 5]),
                    .attachRecord(
                        callKey: key,
                        params: ["FILENAME": "call.mp3", "RECORD_URL": "https://example.com/1"]
                    ),
                ] + ring(1)
            )
        )
        let attach = try #require(
            harness.sent.first { $0.commands.contains { $0.entry.command.kind == .attachRecord } }
        )
        #expect(attach.commands.count == 1)
        #expect(harness.machine.pendingCount == 0)
    }

    @Test("A lead: the duplicate check first, the add only when it found nothing")
    func leadAfterCheck() throws {
        var harness = MachineHarness()
        harness.start()
        let commands = SyntheticCalls.commands(index: 0, operators: [100], script: .full)
        harness.answerAll(harness.enqueue(commands))
        let methods = harness.sent.flatMap { $0.commands.map(\.method) }
        #expect(methods.filter { $0 == "crm.duplicate.findbycomm" }.count == 1)
        #expect(methods.filter { $0 == "crm.lead.add" }.count == 1)
        #expect(methods.firstIndex(of: "crm.duplicate.findbycomm")! < methods.firstIndex(of: "crm.lead.add")!)

        var found = MachineHarness()
        found.start()
        var queue = found.enqueue(SyntheticCalls.commands(index: 1, operators: [100], script: .full))
        while let request = queue.first {
            queue.removeFirst()
            queue += found.answer(request) { command in
                command.method == "crm.duplicate.findbycomm"
                    ? .success(["CONTACT": [7]]) : .success(MachineHarness.result(of: command))
            }
        }
        #expect(!found.sent.flatMap(\.commands).contains { $0.method == "crm.lead.add" })
        #expect(found.delivered["synthetic.1"]?["lead"] == ["CONTACT": [7]])
    }

    @Test("A write that fails keeps the portal's answer in memory and records it again: nothing is sent twice")
    func writeFailed() throws {
        var harness = MachineHarness()
        harness.start()
        let key = "write.1"
        let register = try #require(
            harness.enqueue([
                .register(callKey: key, params: ["USER_ID": 100, "PHONE_NUMBER": "+79990008888", "TYPE": 2]),
                .finish(callKey: key, params: ["USER_ID": 100, "DURATION": 5]),
            ]).first
        )
        let finish = try #require(harness.answer(register).first)
        harness.failNextWrite = "disk I/O error"
        #expect(harness.answer(finish).isEmpty)
        #expect(harness.landed.count == 1, "only the register landed")
        #expect(
            harness.notices.contains { if case .storageFailed("record outcome", _, _) = $0 { true } else { false } }
        )
        #expect(harness.machine.storageProblem != nil)
        let sentBefore = harness.sent.count
        let retryAt = try #require(harness.wake, "no wake for the write's retry")
        #expect(retryAt > harness.now)
        #expect(harness.advance(to: retryAt).isEmpty, "the finish is not sent again")
        #expect(harness.sent.count == sentBefore)
        #expect(harness.landed.count == 2, "the finish's answer recorded on the retry")
        #expect(harness.machine.pendingCount == 0)
        #expect(harness.machine.storageProblem == nil)
        #expect(harness.delivered[key]?["finish"] == MachineHarness.result(of: finish.commands[0]))
    }

    @Test("Restored from the outbox: rows left in flight may have landed; the run resumes them")
    func restored() throws {
        var harness = MachineHarness()
        let key = "restart.1"
        let finish = OutboxEntry(
            id: 5,
            command: .finish(callKey: key, params: ["USER_ID": 100, "DURATION": 5]),
            mayHaveLanded: true,
            notBefore: MachineHarness.start
        )
        let sent = harness.start(
            pending: [finish],
            results: [key: ["register": ["CALL_ID": "externalCall.7"]]]
        )
        #expect(harness.notices.contains { if case .resumed(pending: 1, calls: 1) = $0 { true } else { false } })
        let request = try #require(sent.first)
        #expect(request.commands[0].params["CALL_ID"] == "externalCall.7")
        harness.answer(request) { _ in .failure(PortalErrors.callNotFound("telephony.externalcall.finish")) }
        #expect(harness.machine.pendingCount == 0)
        #expect(harness.notices.contains { if case .finishCountedDone(key) = $0 { true } else { false } })
    }
}
