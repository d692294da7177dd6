import AMIProtocol
import Simulators
import TestSupport
import Testing

/// Click-to-call end to end: the fake Bitrix24 registers a click and posts ONEXTERNALCALLSTART over real HTTP to the
/// real `engine run`, which originates the call on the test AMI server; the server answers the Originate with a real
/// capture rewritten to it (ActionID, Uniqueids, variables), and the engine finishes the call Bitrix24 registered.
@Suite("end to end: click-to-call", .serialized)
struct ClickToCallEndToEndTests {
    /// The operator 201 (user 11) clicks +7 (916) 123-45-67; the AMI server answers with `capture`.
    static func click(_ capture: String, in rig: EndToEndRig) async throws -> (callID: String, originate: AMIMessage) {
        try rig.enableClickToCall()
        rig.ami.scriptOriginate(with: try AMICapture(contentsOf: RepositoryFiles.capture(capture)))
        try await rig.startEngine()
        let (callID, deliveries) = try await rig.portal.clickToCall(
            userID: 11,
            phoneNumber: "+7 (916) 123-45-67",
            crmEntity: (type: "CONTACT", id: 797),
            handlerURL: try await rig.eventsURL(),
            options: EndToEndRig.events
        )
        #expect(deliveries.map(\.status) == [200])
        let originate = try await rig.ami.waitForAction(named: "Originate", timeout: .seconds(20))
        let finished = await rig.awaitFinish(ofCallID: callID)
        #expect(finished, "\(capture): not finished\n\(rig.describeJournal())\n\(rig.log)")
        #expect(await rig.stopEngine() == 0, "\(rig.log)")
        return (callID, originate)
    }

    @Test("answered: Originate from the user's extension, context from config, the normalised number, CALL_ID variable")
    func answered() async throws {
        try await EndToEndRig.with { rig in
            let (callID, originate) = try await Self.click("clicktocall", in: rig)
            #expect(originate["Channel"] == "Local/201@agents")
            #expect(originate["Context"] == "outgoing")
            #expect(originate["Exten"] == "79161234567")
            #expect(originate["Priority"] == "1")
            #expect(originate["Async"] == "true")
            #expect(originate["Timeout"] == "15000")
            #expect(originate.values(named: "Variable") == ["__B24_CALL_ID=\(callID)"])
            let channelID = try #require(originate["ChannelId"])
            #expect(channelID.hasPrefix("sb-") && originate["OtherChannelId"] == channelID + "-2")
            #expect(rig.originates.count == 1)

            let journal = rig.describeJournal()
            #expect(rig.calls("telephony.externalcall.register").isEmpty, "never registered again\n\(journal)")
            let shows = rig.commands("telephony.externalcall.show", of: callID)
            #expect(shows.count == 1 && shows.first.map(CallJournal.users(of:)) == [11], "\(journal)")
            let finishes = rig.commands("telephony.externalcall.finish", of: callID)
            #expect(finishes.count == 1, "finished exactly once\n\(journal)")
            let finish = try #require(finishes.first)
            #expect(finish.params["USER_ID"]?.intValue == 11)
            #expect(finish.params["STATUS_CODE"]?.stringValue == "200")
            #expect((finish.params["DURATION"]?.intValue ?? 0) >= 5)
            #expect(rig.portal.liveCalls[callID] == nil && rig.portal.finishedCall(callID) != nil)
            #expect(rig.portal.journal.allSatisfy { $0.status == 200 }, "\(journal)")
        }
    }

    @Test("the operator does not answer: the call Bitrix24 registered is finished with a failure status, once")
    func operatorNoAnswer() async throws {
        try await EndToEndRig.with { rig in
            let (callID, originate) = try await Self.click("clicktocall-agent-noanswer", in: rig)
            #expect(originate["Channel"] == "Local/201@agents")
            let journal = rig.describeJournal()
            #expect(rig.calls("telephony.externalcall.register").isEmpty, "\(journal)")
            let finishes = rig.commands("telephony.externalcall.finish", of: callID)
            #expect(finishes.count == 1, "\(journal)")
            #expect(finishes.first?.params["USER_ID"]?.intValue == 11)
            #expect(finishes.first?.params["STATUS_CODE"]?.stringValue == "480")
            #expect(finishes.first?.params["DURATION"]?.intValue == 0)
            #expect(rig.portal.liveCalls[callID] == nil)
        }
    }

    @Test("refused: nothing to AMI, and nothing to Bitrix24 for what is not believed or already handled")
    func refused() async throws {
        try await EndToEndRig.with { rig in
            try rig.enableClickToCall()
            rig.ami.scriptOriginate(
                with: try AMICapture(contentsOf: RepositoryFiles.capture("clicktocall-agent-noanswer"))
            )
            rig.portal.addUser(FakeBitrix24User(id: 14, name: "Manager", phoneInner: nil))
            try await rig.startEngine()
            let url = try await rig.eventsURL()
            // Bitrix24 gives the same CALL_ID to an unfinished call of the same user, number and type (its 30-minute
            // de-duplication): every click here dials another number.
            var numbers = (10..<30).map { "+7 (916) 123-45-\($0)" }.makeIterator()
            var phone: String { numbers.next() ?? "" }
            var options = EndToEndRig.events

            // Not believed: a wrong token, none at all, an oversized body. Nothing is done; the calls stay open.
            options.applicationToken = "apptok-wrong"
            let wrong = try await rig.click(phone: phone, url: url, options: options)
            options.applicationToken = nil
            let missing = try await rig.click(phone: phone, url: url, options: options)
            options = EndToEndRig.events
            options.paddingBytes = 100_000
            let oversized = try await rig.click(phone: phone, url: url, options: options)
            #expect(wrong.deliveries.map(\.status) == [403])
            #expect(missing.deliveries.map(\.status) == [401])
            #expect(oversized.deliveries.map(\.status) == [413])

            // Believed but not dialled: finished with a failure status, never originated.
            options = EndToEndRig.events
            options.timestampSkew = 120
            let stale = try await rig.click(phone: phone, url: url, options: options)
            var hostile: [String: String] = [:]
            for number in ["79161234567\r\nAction: Originate", "7916,DB(x)=1", "&PJSIP/evil"] {
                let click = try await rig.click(phone: phone, eventPhone: number, url: url)
                #expect(click.deliveries.map(\.status) == [200])
                hostile[click.callID] = number
            }
            let unknown = try await rig.click(14, phone: phone, url: url)

            // Delivered twice: dialled once.
            options = EndToEndRig.events
            options.deliveries = 2
            let replayed = try await rig.click(phone: phone, url: url, options: options)
            #expect(replayed.deliveries.map(\.status) == [200, 200])

            let expected = [stale.callID, unknown.callID, replayed.callID] + hostile.keys
            for callID in expected {
                let finished = await rig.awaitFinish(ofCallID: callID)
                #expect(finished, "\(callID) not finished\n\(rig.describeJournal())\n\(rig.log)")
            }
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            let journal = rig.describeJournal()

            #expect(rig.originates.count == 1, "only the replayed click is dialled, once: \(rig.originates)")
            #expect(rig.originates.first?.values(named: "Variable") == ["__B24_CALL_ID=\(replayed.callID)"])
            for callID in [wrong.callID, missing.callID, oversized.callID] {
                #expect(!journal.contains(callID), "nothing sent for \(callID)\n\(journal)")
                #expect(rig.portal.liveCalls[callID] != nil)
            }
            let statuses: [(String, String)] =
                [(stale.callID, "603"), (unknown.callID, "480"), (replayed.callID, "480")]
                + hostile.keys.map { ($0, "484") }
            for (callID, status) in statuses {
                let finishes = rig.commands("telephony.externalcall.finish", of: callID)
                #expect(finishes.count == 1, "\(callID) finished once\n\(journal)")
                #expect(finishes.first?.params["STATUS_CODE"]?.stringValue == status, "\(hostile[callID] ?? callID)")
                #expect(
                    rig.commands("telephony.externalcall.show", of: callID).count == (callID == replayed.callID ? 1 : 0)
                )
            }
            #expect(
                rig.commands("telephony.externalcall.finish", of: unknown.callID).first?.params["USER_ID"]?.intValue
                    == 14
            )
            #expect(rig.calls("telephony.externalcall.register").isEmpty)
            #expect(!rig.log.contains(EndToEndRig.appToken), "the application token never reaches the log")
        }
    }

    @Test("the Originate fails — Asterisk answers Error, or AMI is down: finished 503 by the user, no card, once")
    func originateFails() async throws {
        try await EndToEndRig.with { rig in
            try rig.enableClickToCall()
            rig.ami.script("Originate", .error("Originate failed"))
            try await rig.startEngine()
            let url = try await rig.eventsURL()
            let refused = try await rig.click(phone: "+7 916 123-45-01", url: url)
            #expect(await rig.awaitFinish(ofCallID: refused.callID), "\(rig.describeJournal())\n\(rig.log)")
            await rig.ami.stop()
            let down = try await rig.click(phone: "+7 916 123-45-02", url: url)
            #expect(await rig.awaitFinish(ofCallID: down.callID), "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            let journal = rig.describeJournal()
            for callID in [refused.callID, down.callID] {
                let finishes = rig.commands("telephony.externalcall.finish", of: callID)
                #expect(finishes.count == 1, "\(journal)")
                #expect(finishes.first?.params["STATUS_CODE"]?.stringValue == "503")
                #expect(finishes.first?.params["USER_ID"]?.intValue == 11)
                #expect(rig.commands("telephony.externalcall.show", of: callID).isEmpty, "no card: it never rang")
                #expect(rig.portal.liveCalls[callID] == nil)
            }
            #expect(rig.originates.count == 1, "the second Originate never reached Asterisk")
        }
    }

    @Test("a callback: registered once as TYPE 4 for the client's manager, their phone rings, then the client; 200")
    func callback() async throws {
        try await EndToEndRig.with { rig in
            try rig.enableClickToCall()
            rig.ami.scriptOriginate(with: try AMICapture(contentsOf: RepositoryFiles.capture("clicktocall")))
            let contact = rig.portal.addCrmEntity(
                FakeBitrix24CrmEntity(type: "CONTACT", name: "Client", phones: ["+7 916 123-45-67"], assignedByID: 11)
            )
            try await rig.startEngine()
            let deliveries = try await rig.portal.requestCallback(
                phoneNumber: "+7 916 123-45-67",
                text: "Please call me back",
                crmEntity: (type: "CONTACT", id: contact),
                handlerURL: try await rig.eventsURL(),
                options: EndToEndRig.events
            )
            #expect(deliveries.map(\.status) == [200])
            let originate = try await rig.ami.waitForAction(named: "Originate", timeout: .seconds(20))
            #expect(originate["Channel"] == "Local/201@agents" && originate["Exten"] == "79161234567")
            #expect(await rig.awaitCalls("telephony.externalcall.finish"), "\(rig.describeJournal())\n\(rig.log)")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            let journal = rig.describeJournal()
            let registers = rig.calls("telephony.externalcall.register")
            #expect(registers.count == 1, "\(journal)")
            let register = try #require(registers.first)
            #expect(register.params["TYPE"]?.intValue == 4 && register.params["USER_ID"]?.intValue == 11)
            #expect(register.params["CRM_ENTITY_ID"]?.intValue == contact)
            let callID = try #require(register.result?["CALL_ID"]?.stringValue)
            #expect(originate.values(named: "Variable").isEmpty, "a callback has no CALL_ID before its register")
            #expect(rig.commands("telephony.externalcall.show", of: callID).map(CallJournal.users(of:)) == [[11]])
            let finishes = rig.commands("telephony.externalcall.finish", of: callID)
            #expect(finishes.count == 1 && finishes.first?.params["STATUS_CODE"]?.stringValue == "200", "\(journal)")
            #expect(finishes.first?.params["USER_ID"]?.intValue == 11)
        }
    }
}
