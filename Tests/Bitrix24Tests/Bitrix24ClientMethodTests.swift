import Adapters
import Foundation
import PortalTestSupport
import Simulators
import Testing

/// Every typed method of the client against the fake portal over real HTTP.
@Suite("Bitrix24 client methods")
struct Bitrix24ClientMethodTests {
    @Test("register → show/hide → finish → show/hide answer false (call gone), not an error")
    func callLifecycle() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let registered = try await client.registerCall(
                Bitrix24RegisterCallRequest(
                    user: .id(12),
                    phoneNumber: "+7 916 123-45-67",
                    type: .incoming,
                    startDate: Date(timeIntervalSince1970: 1_773_130_779),
                    show: false,
                    lineNumber: "74951112233",
                    externalCallID: "1773130779.1234"
                )
            )
            #expect(registered.callID.hasPrefix("externalCall."))
            #expect(registered.crmEntity == Bitrix24CrmEntityReference(type: "CONTACT", id: 797))
            #expect(registered.createdLeadID == nil)
            let live = try #require(f.portal.liveCalls[registered.callID])
            #expect(live.externalCallID == "1773130779.1234")
            #expect(live.lineNumber == "74951112233")
            let sentDate = f.portal.journal.last?.params["CALL_START_DATE"]?.stringValue ?? ""
            #expect(
                sentDate.range(
                    of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$"#,
                    options: .regularExpression
                ) != nil
            )

            #expect(try await client.showCall(callID: registered.callID, userIDs: [12, 13]))
            #expect(f.portal.visibleCards(for: 13) == [registered.callID])
            #expect(try await client.hideCall(callID: registered.callID, userIDs: [13]))
            #expect(try await client.showCall(callID: registered.callID))
            #expect(f.portal.visibleCards(for: 12) == [registered.callID])

            let outcome = try await client.finishCall(
                callID: registered.callID,
                Bitrix24FinishCallRequest(
                    user: .phoneInner("101"),
                    duration: 95,
                    statusCode: "200",
                    vote: 5
                )
            )
            guard case .finished(let finished) = outcome else {
                Issue.record("expected .finished, got \(outcome)")
                return
            }
            #expect(finished.callID == registered.callID)
            #expect(finished.externalCallID == "1773130779.1234")
            #expect(finished.portalUserID == 12)
            #expect(finished.duration == 95)
            #expect(finished.statusCode == "200")
            #expect(finished.crmEntity?.id == 797)
            #expect(finished.crmActivityID != nil)

            #expect(try await client.showCall(callID: registered.callID) == false)
            #expect(try await client.hideCall(callID: registered.callID) == false)
        }
    }

    @Test("register with CRM_CREATE reports the created lead; LEAD_CREATION_ERROR surfaces")
    func registerCreatesLead() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let call = try await client.registerCall(
                Bitrix24RegisterCallRequest(
                    user: .phoneInner("103"),
                    phoneNumber: "+79990001234",
                    type: .incoming,
                    createCrmEntity: true,
                    crmSource: "CALL"
                )
            )
            let lead = try #require(call.createdLeadID)
            #expect(call.createdEntities == [Bitrix24CrmEntityReference(type: "LEAD", id: lead)])
            #expect(call.crmEntity == Bitrix24CrmEntityReference(type: "LEAD", id: lead))
            #expect(f.portal.crmEntity(type: "LEAD", id: lead)?.sourceID == "CALL")
        }
        try await PortalFixture.with(
            configuration: .init(rateLimit: nil, leadCreationError: "Lead creation is disabled for local users")
        ) { f in
            let call = try await f.client().registerCall(
                Bitrix24RegisterCallRequest(
                    user: .id(12),
                    phoneNumber: "+79990001235",
                    type: .incoming,
                    createCrmEntity: true
                )
            )
            #expect(call.leadCreationError == "Lead creation is disabled for local users")
            #expect(call.crmEntity == nil)
        }
    }

    @Test("finish of an unknown call is a give-up error recognisable as 'call not found'")
    func finishUnknown() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            do {
                _ = try await client.finishCall(
                    callID: "externalCall.nope.1",
                    Bitrix24FinishCallRequest(user: .id(12), duration: 0)
                )
                Issue.record("finish of an unknown call succeeded")
            } catch let error as Bitrix24Error {
                #expect(error.isCallNotFound)
                #expect(error.action == .giveUp)
                #expect(error.code == "")
                #expect(error.httpStatus == 400)
            }
        }
    }

    @Test("a retried finish whose first answer was lost reports alreadyFinished")
    func retriedFinishAfterLostAnswer() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let call = try await client.registerCall(
                Bitrix24RegisterCallRequest(user: .id(12), phoneNumber: "+79160004444", type: .incoming)
            )
            f.portal.injectFault(.dropAfterProcessing, method: "telephony.externalcall.finish")
            let outcome = try await client.finishCall(
                callID: call.callID,
                Bitrix24FinishCallRequest(user: .id(12), duration: 12, statusCode: "200"),
                retry: Bitrix24RetryPolicy(maxAttempts: 3, initialDelay: .zero)
            )
            #expect(outcome == .alreadyFinished(callID: call.callID))
            #expect(f.portal.finishedCall(call.callID)?.duration == 12, "the first, lost attempt finished the call")
            let finishes = f.portal.journal.filter { $0.method == "telephony.externalcall.finish" }
            #expect(finishes.count == 2)
            #expect(
                finishes.last?.error?.description == "Call is not found (call should be registered prior to finishing"
            )
        }
    }

    @Test("a finish retried after a 503 that was never processed finishes normally")
    func retriedFinishAfterRateLimit() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let call = try await client.registerCall(
                Bitrix24RegisterCallRequest(user: .id(12), phoneNumber: "+79160005555", type: .outgoing)
            )
            f.portal.injectFault(.queryLimitExceeded, method: "telephony.externalcall.finish")
            let outcome = try await client.finishCall(
                callID: call.callID,
                Bitrix24FinishCallRequest(user: .id(13), duration: 0, statusCode: "603-S"),
                retry: Bitrix24RetryPolicy(maxAttempts: 2, initialDelay: .zero)
            )
            guard case .finished(let finished) = outcome else {
                Issue.record("expected .finished, got \(outcome)")
                return
            }
            #expect(finished.statusCode == "603-S")
            #expect(finished.portalUserID == 13)
        }
    }

    @Test("attachRecord: inline base64, two-step uploadUrl, RECORD_URL; replaces the previous record")
    func records() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let call = try await client.registerCall(
                Bitrix24RegisterCallRequest(user: .id(12), phoneNumber: "+79160006666", type: .incoming)
            )
            _ = try await client.finishCall(
                callID: call.callID,
                Bitrix24FinishCallRequest(user: .id(12), duration: 3, statusCode: "200")
            )
            let small = Data("ID3 small record".utf8)
            let inline = try await client.attachRecord(callID: call.callID, filename: "call.mp3", content: small)
            let record = try #require(f.portal.finishedCall(call.callID)?.record)
            #expect(record.fileID == inline && record.filename == "call.mp3" && record.content == small)
            let large = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let uploaded = try await client.uploadRecord(callID: call.callID, filename: "call.wav", content: large)
            #expect(uploaded != inline)
            #expect(f.portal.finishedCall(call.callID)?.record?.content == large)
            let byURL = try await client.attachRecord(callID: call.callID, recordURL: "https://pbx.example.com/r/1.mp3")
            #expect(f.portal.finishedCall(call.callID)?.record?.fileID == byURL)
        }
    }

    @Test("attachRecord before finish is a give-up error with the portal's text")
    func recordBeforeFinish() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let call = try await client.registerCall(
                Bitrix24RegisterCallRequest(user: .id(12), phoneNumber: "+79160007777", type: .incoming)
            )
            do {
                _ = try await client.attachRecord(callID: call.callID, filename: "a.mp3", content: Data([1, 2, 3]))
                Issue.record("attachRecord before finish succeeded")
            } catch let error as Bitrix24Error {
                #expect(
                    error.portalDescription
                        == "Call is not found in the statistic table. Looks like it is not finished yet."
                )
                #expect(error.action == .giveUp)
            }
        }
    }

    @Test("searchCrmEntities reads string ids and the responsible's extension; [] when none")
    func search() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let matches = try await client.searchCrmEntities(phoneNumber: "+79161234567")
            #expect(matches.count == 1)
            let first = try #require(matches.first)
            #expect(first.entity == Bitrix24CrmEntityReference(type: "CONTACT", id: 797))
            #expect(first.assignedByID == 13)
            #expect(first.assignedByPhoneInner == "102")
            #expect(first.assignedByTimemanStatus == "CLOSED")
            #expect(first.name == "Ivan Sidorov")
            #expect(try await client.searchCrmEntities(phoneNumber: "+10000000000").isEmpty)
        }
    }

    @Test("crm.lead.add and crm.duplicate.findbycomm ([] when nothing matched)")
    func crm() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let id = try await client.addLead(
                Bitrix24LeadFields(
                    title: "Missed call +79165550000",
                    sourceID: "CALL",
                    assignedByID: 14,
                    phones: [("+79165550000", "WORK")]
                ),
                registerSonetEvent: false
            )
            let lead = try #require(f.portal.crmEntity(type: "LEAD", id: id))
            #expect(lead.assignedByID == 14)
            #expect(lead.phones == ["+79165550000"])
            #expect(try await client.findDuplicates(type: .phone, values: ["+7 916 555-00-00"]) == ["LEAD": [id]])
            #expect(
                try await client.findDuplicates(type: .phone, values: ["+74951112233", "+79161234567"]) == [
                    "COMPANY": [55], "CONTACT": [797],
                ]
            )
            #expect(try await client.findDuplicates(type: .phone, values: ["+10000000000"]).isEmpty)
            await #expect(throws: Bitrix24Error.self) { try await client.findDuplicates(type: .phone, values: []) }
        }
    }

    @Test("user.get is followed page by page (start/next) until the last page")
    func usersPaginated() async throws {
        try await PortalFixture.with { f in
            for id in 100..<220 {
                f.portal.addUser(FakeBitrix24User(id: id, name: "U\(id)", phoneInner: String(1000 + id)))
            }
            let client = try f.client()
            let users = try await client.allUsers()
            #expect(users.count == 125)
            #expect(Set(users.map(\.id)).count == 125)
            #expect(users.first { $0.id == 12 }?.phoneInner == "101")
            #expect(users.first { $0.id == 15 }?.active == false)
            let starts = f.portal.journal.filter { $0.method == "user.get" }.map { $0.params["start"]?.intValue }
            #expect(starts == [0, 50, 100])
            let filtered = try await client.usersPage(filter: ["UF_PHONE_INNER": "102"])
            #expect(filtered.users.map(\.id) == [13])
            #expect(filtered.total == 1)
            #expect(filtered.next == nil)
        }
    }

    @Test("batch: register + finish + attachRecord chained with $result references, in order")
    func batchChain() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let commands = [
                Bitrix24BatchCommand(
                    key: "reg",
                    method: "telephony.externalcall.register",
                    params: [
                        "USER_ID": 12, "PHONE_NUMBER": "+7 916 000-12-34", "TYPE": 2, "EXTERNAL_CALL_ID": "linked.1",
                    ]
                ),
                Bitrix24BatchCommand(
                    key: "fin",
                    method: "telephony.externalcall.finish",
                    params: [
                        "CALL_ID": Bitrix24BatchCommand.reference("reg", "CALL_ID"), "USER_ID": 12, "DURATION": 7,
                        "STATUS_CODE": "200",
                    ]
                ),
                Bitrix24BatchCommand(
                    key: "rec",
                    method: "telephony.externalcall.attachrecord",
                    params: [
                        "CALL_ID": Bitrix24BatchCommand.reference("reg", "CALL_ID"), "FILENAME": "r.mp3",
                        "FILE_CONTENT": .string(Data("mp3 bytes & = ?".utf8).base64EncodedString()),
                    ]
                ),
                Bitrix24BatchCommand(
                    key: "bad",
                    method: "telephony.externalcall.finish",
                    params: ["CALL_ID": "nope", "USER_ID": 12]
                ),
                Bitrix24BatchCommand(key: "users", method: "user.get", params: ["FILTER": ["UF_PHONE_INNER": "101"]]),
            ]
            let result = try await client.batch(commands)
            let callID = try #require(result.results["reg"]?["CALL_ID"]?.stringValue)
            #expect(result.results["fin"]?["CALL_ID"]?.stringValue == callID)
            #expect(result.results["rec"]?["FILE_ID"]?.intValue != nil)
            #expect(f.portal.finishedCall(callID)?.record?.content == Data("mp3 bytes & = ?".utf8))
            #expect(result.errors["bad"]?.isCallNotFound == true)
            #expect(result.errors["bad"]?.action == .giveUp)
            #expect(result.results["users"]?.arrayValue?.first?["ID"]?.intValue == 12)
            #expect(result.totals["users"] == 1)

            let halted = try await client.batch(Array(commands.suffix(2)), halt: true)
            #expect(halted.notRun(of: Array(commands.suffix(2))) == ["users"])

            let tooMany = (0...50).map { Bitrix24BatchCommand(key: "c\($0)", method: "user.get") }
            await #expect(throws: Bitrix24Error.self) { try await client.batch(tooMany) }
        }
    }
}
