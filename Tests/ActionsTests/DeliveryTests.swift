import Actions
import Adapters
import Foundation
import PortalTestSupport
import Simulators
import Synchronization
import TestSupport
import Testing

@Suite("Delivery to the fake portal: batching, order, idempotency")
struct DeliveryTests {
    @Test("Register and show travel together: one batch, the show reads $result[…][CALL_ID]")
    func registerAndShowTogether() async throws {
        try await PortalFixture.withOperators { fixture in
            let scheduler = try fixture.scheduler()
            try await scheduler.enqueue(
                (0..<3).flatMap { SyntheticCalls.commands(index: $0, operators: fixture.operators, script: .ring) }
            )
            try await scheduler.withRunning { #expect(await drained(scheduler)) }

            let audit = JournalAudit(fixture.portal.journal)
            #expect(audit.requests.count == 1)
            #expect(audit.requests.first?.method == "batch")
            for index in 0..<3 {
                let key = SyntheticCalls.callKey(index)
                #expect(audit.callIDs[key]?.count == 1)
                #expect(audit.count("telephony.externalcall.show", call: key) == 1)
            }
            for user in fixture.operators { #expect(fixture.portal.visibleCards(for: user).count == 3) }
            #expect(try await Outbox(path: fixture.outboxPath).pendingCount() == 0)
        }
    }

    @Test("A full call: one register, one lead, show, hide, one finish — in order, outbox empty")
    func fullCalls() async throws {
        try await PortalFixture.withOperators { fixture in
            let scheduler = try fixture.scheduler()
            try await scheduler.withRunning {
                for index in 0..<5 {
                    try await scheduler.enqueue(
                        SyntheticCalls.commands(index: index, operators: fixture.operators, script: .full)
                    )
                }
                #expect(await drained(scheduler))
            }
            let statistics = await scheduler.statistics

            let audit = JournalAudit(fixture.portal.journal)
            for index in 0..<5 {
                let key = SyntheticCalls.callKey(index)
                #expect(audit.callIDs[key]?.count == 1)
                #expect(audit.count("telephony.externalcall.finish", call: key) == 1)
                #expect(audit.orderProblems(call: key) == [])
                let leads = fixture.portal.crmEntities(type: "LEAD").filter {
                    $0.phones.contains(SyntheticCalls.phone(index))
                }
                #expect(leads.count == 1)
            }
            #expect(fixture.portal.liveCalls.isEmpty)
            #expect(statistics.deadLettered == 0)
            // Different calls share requests: far fewer requests than commands.
            #expect(statistics.requestsSent < 5 * 6)
            let outbox = try Outbox(path: fixture.outboxPath)
            #expect(try await outbox.pendingCount() == 0)
            #expect(
                try await outbox.deliveredResult(callKey: SyntheticCalls.callKey(0), step: "register")?["CALL_ID"]?
                    .nonEmptyString != nil
            )
        }
    }

    @Test("No lead when crm.duplicate.findbycomm finds the caller")
    func leadOnlyWhenNoDuplicate() async throws {
        try await PortalFixture.withOperators { fixture in
            fixture.portal.addCrmEntity(
                FakeBitrix24CrmEntity(
                    type: "CONTACT",
                    name: "Known",
                    phones: [SyntheticCalls.phone(0)],
                    assignedByID: 100
                )
            )
            let scheduler = try fixture.scheduler()
            try await scheduler.withRunning {
                try await scheduler.enqueue(
                    SyntheticCalls.commands(index: 0, operators: fixture.operators, script: .full)
                )
                #expect(await drained(scheduler))
            }
            #expect(fixture.portal.crmEntities(type: "LEAD").isEmpty)
            #expect(!fixture.portal.journal.contains { $0.method == "crm.lead.add" })
            let stored = try await Outbox(path: fixture.outboxPath).deliveredResult(
                callKey: SyntheticCalls.callKey(0),
                step: "lead"
            )
            #expect(stored?["CONTACT"]?.arrayValue?.isEmpty == false)
        }
    }

    @Test("attachRecord goes after finish, in a request of its own")
    func attachRecordAlone() async throws {
        try await PortalFixture.withOperators { fixture in
            let scheduler = try fixture.scheduler()
            let key = SyntheticCalls.callKey(7)
            var commands = SyntheticCalls.commands(index: 7, operators: fixture.operators, script: .full)
            commands.append(
                .attachRecord(
                    callKey: key,
                    params: [
                        "FILENAME": "call.mp3",
                        "FILE_CONTENT": .string(Data("ID3 fake mp3".utf8).base64EncodedString()),
                    ]
                )
            )
            // Another call alongside, so there is something to batch with.
            commands += SyntheticCalls.commands(index: 8, operators: fixture.operators, script: .full)
            try await scheduler.withRunning {
                try await scheduler.enqueue(commands)
                #expect(await drained(scheduler))
            }

            let journal = fixture.portal.journal
            let attach = try #require(journal.first { $0.method == "telephony.externalcall.attachrecord" })
            #expect(!attach.inBatch && attach.status == 200)
            let audit = JournalAudit(journal)
            let callID = try #require(audit.callIDs[key]?.first)
            let finish = try #require(
                journal.first {
                    $0.method == "telephony.externalcall.finish" && $0.params["CALL_ID"]?.stringValue == callID
                        && $0.status == 200
                }
            )
            #expect(finish.sequence < attach.sequence)
            #expect(fixture.portal.finishedCall(callID)?.record?.filename == "call.mp3")
        }
    }

    @Test("A show answered false (the call is gone) counts as done")
    func showOfGoneCall() async throws {
        try await PortalFixture.withOperators { fixture in
            let scheduler = try fixture.scheduler()
            let key = "gone.1"
            try await scheduler.withRunning {
                try await scheduler.enqueue([
                    .register(
                        callKey: key,
                        params: ["USER_ID": 100, "PHONE_NUMBER": "+79990001111", "TYPE": 2, "SHOW": 0]
                    ),
                    .finish(callKey: key, params: ["USER_ID": 100, "DURATION": 0]),
                    .show(callKey: key, step: "late-show", userIDs: [101]),
                ])
                #expect(await drained(scheduler))
            }
            let statistics = await scheduler.statistics
            #expect(statistics.deadLettered == 0)
            #expect(statistics.acknowledged == 3)
            #expect(
                try await Outbox(path: fixture.outboxPath).deliveredResult(callKey: key, step: "late-show")
                    == .bool(false)
            )
        }
    }
}

@Suite("Delivery resumes from the outbox file")
struct DeliveryResumeTests {
    @Test("A call whose CALL_ID is known is never registered again, even by a new scheduler on the same file")
    func knownCallNotRegisteredAgain() async throws {
        try await PortalFixture.withOperators { fixture in
            let commands = SyntheticCalls.commands(index: 4, operators: fixture.operators, script: .ring)
            let first = try fixture.scheduler()
            try await first.withRunning {
                try await first.enqueue(commands)
                #expect(await drained(first))
            }

            let second = try fixture.scheduler()
            try await second.withRunning {
                #expect(try await second.enqueue(commands) == 0)
                #expect(await second.pendingCount == 0)
                // A later command of the same call reads the stored CALL_ID.
                try await second.enqueue([
                    .finish(callKey: SyntheticCalls.callKey(4), params: ["USER_ID": .int(fixture.operators[0])])
                ])
                #expect(await drained(second))
            }
            let journal = fixture.portal.journal
            #expect(journal.filter { $0.method == "telephony.externalcall.register" }.count == 1)
            #expect(journal.filter { $0.method == "telephony.externalcall.finish" && $0.status == 200 }.count == 1)
            #expect(fixture.portal.liveCalls.isEmpty)
        }
    }

    @Test("Stopped while the portal refuses us: a new scheduler on the same file delivers everything once")
    func resumeAfterStop() async throws {
        try await PortalFixture.withOperators { fixture in
            fixture.portal.injectFault(.invalidCredentials, times: 1000)
            let first = try fixture.scheduler()
            try await first.withRunning {
                for index in 0..<3 {
                    try await first.enqueue(
                        SyntheticCalls.commands(index: index, operators: fixture.operators, script: .full)
                    )
                }
                let paused = await eventually { await first.isPortalPaused }
                #expect(paused)
            }
            #expect(try await Outbox(path: fixture.outboxPath).pendingCount() == 15)

            fixture.portal.clearFaults()
            let second = try fixture.scheduler()
            try await second.withRunning {
                #expect(await second.pendingCount == 15)
                #expect(await drained(second))
            }
            let audit = JournalAudit(fixture.portal.journal)
            for index in 0..<3 {
                let key = SyntheticCalls.callKey(index)
                #expect(audit.callIDs[key]?.count == 1)
                #expect(audit.count("telephony.externalcall.finish", call: key) == 1)
                #expect(audit.orderProblems(call: key) == [])
            }
            #expect(fixture.portal.crmEntities(type: "LEAD").count == 3)
        }
    }
}

@Suite("Delivery seams: the urgent lane and the sender of commands that go alone")
struct DeliverySeamTests {
    /// Sends attachRecord as one plain call, counting what it was given.
    final class CountingSender: SoloCommandSending {
        let sent = Mutex<[PlannedCommand]>([])

        func send(_ command: PlannedCommand, client: Bitrix24Client) async throws -> Bitrix24Value {
            sent.withLock { $0.append(command) }
            return try await client.call(command.method, command.params).result
        }
    }

    @Test("An urgent lookup runs at once, outside the outbox, counted in the same bucket")
    func urgentLookup() async throws {
        try await PortalFixture.withOperators { fixture in
            let scheduler = try fixture.scheduler()
            let found = try await scheduler.withRunning {
                try await scheduler.enqueue(
                    (0..<3).flatMap { SyntheticCalls.commands(index: $0, operators: fixture.operators, script: .ring) }
                )
                let found = try await scheduler.urgent { client in
                    try await client.call("crm.duplicate.findbycomm", ["type": "PHONE", "values": ["+79990000001"]])
                        .result
                }
                #expect(await drained(scheduler))
                return found
            }
            #expect(found.objectValue != nil || found.arrayValue != nil)
            #expect(await scheduler.statistics.urgentRequests == 1)
            #expect(fixture.portal.journal.contains { $0.method == "crm.duplicate.findbycomm" && !$0.inBatch })
            #expect(try await Outbox(path: fixture.outboxPath).pendingCount() == 0)
        }
    }

    @Test("attachRecord goes through the custom sender, alone, with its CALL_ID filled in")
    func soloSender() async throws {
        try await PortalFixture.withOperators { fixture in
            let sender = CountingSender()
            let scheduler = PortalScheduler(
                outbox: try Outbox(path: fixture.outboxPath),
                client: try fixture.client(),
                configuration: PortalFixture.fastDelivery(),
                soloSender: sender,
                logger: fixture.logs.logger
            )
            let key = SyntheticCalls.callKey(5)
            var commands = SyntheticCalls.commands(index: 5, operators: fixture.operators, script: .full)
            commands.append(
                .attachRecord(
                    callKey: key,
                    params: ["FILENAME": "call.mp3", "RECORD_URL": "https://example.com/5.mp3"]
                )
            )
            try await scheduler.withRunning {
                try await scheduler.enqueue(commands)
                #expect(await drained(scheduler))
            }
            let sent = sender.sent.withLock { $0 }
            #expect(sent.map(\.entry.command.step) == ["record"])
            #expect(sent.first?.params["CALL_ID"]?.stringValue?.hasPrefix("externalCall.") == true)
            let attach = try #require(
                fixture.portal.journal.first { $0.method == "telephony.externalcall.attachrecord" }
            )
            #expect(!attach.inBatch && attach.status == 200)
            #expect(try await Outbox(path: fixture.outboxPath).deliveredResult(callKey: key, step: "record") != nil)
        }
    }
}
