import Foundation
import PortalTestSupport
import Simulators
import Testing

/// The fake portal's outbound events (ONEXTERNALCALLSTART, …): raw form bodies as a handler receives them.
@Suite("Fake Bitrix24 outbound events")
struct FakePortalEventTests {
    /// Parses `a%5Bb%5D=c&…` into `["a[b]": "c"]` (PHP names kept flat; the test reads them as sent).
    private func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    @Test(
        "ONEXTERNALCALLSTART: registers a TYPE=1 call first, posts form-urlencoded with token, handler id, data"
    )
    func clickToCall() async throws {
        let receiver = EventReceiver()
        try await receiver.start()
        try await PortalFixture.with { f in
            let (callID, deliveries) = try await f.portal.clickToCall(
                userID: 12,
                phoneNumber: "+7 916 123-45-67",
                lineNumber: "74951112233",
                handlerURL: receiver.url,
                options: FakeBitrix24EventOptions(applicationToken: "tok3n", eventHandlerID: 975)
            )
            #expect(deliveries.map(\.status) == [200])
            let live = try #require(f.portal.liveCalls[callID])
            #expect(
                live.type == 1 && live.userID == 12 && live.crmEntityType == "CONTACT" && live.externalCallID.isEmpty
            )
            let body = try #require(receiver.received.first)
            #expect(body.contains("data%5BPHONE_NUMBER%5D=%2B7+916+123-45-67"))
            let fields = form(body)
            #expect(fields["event"] == "ONEXTERNALCALLSTART")
            #expect(fields["event_handler_id"] == "975")
            #expect(fields["data[CALL_ID]"] == callID)
            #expect(fields["data[USER_ID]"] == "12")
            #expect(fields["data[PHONE_NUMBER_INTERNATIONAL]"] == "+79161234567")
            #expect(fields["data[LINE_NUMBER]"] == "74951112233")
            #expect(fields["data[CRM_ENTITY_TYPE]"] == "CONTACT")
            #expect(fields["data[CRM_ENTITY_ID]"] == "797")
            #expect(fields["auth[application_token]"] == "tok3n")
            #expect(fields["auth[server_endpoint]"] != nil)
            #expect(fields["ts"].flatMap(Int.init) == Int(f.clock.now))

            // The call then behaves like any other: finish it.
            let finish = try await f.raw.post(
                f.prefix + "telephony.externalcall.finish",
                json: #"{"CALL_ID":"\#(callID)","USER_ID":12,"STATUS_CODE":"603-S"}"#
            )
            #expect(finish.status == 200)
        }
        await receiver.stop()
    }

    @Test(
        "unknown number with auto-create: lead created, reported; no handler id, no server_endpoint, duplicates"
    )
    func leadDuplicatesAndOptionalFields() async throws {
        let receiver = EventReceiver()
        try await receiver.start()
        try await PortalFixture.with { f in
            let (callID, deliveries) = try await f.portal.clickToCall(
                userID: 13,
                phoneNumber: "+79990005555",
                handlerURL: receiver.url,
                options: FakeBitrix24EventOptions(
                    eventHandlerID: nil,
                    includeServerEndpoint: false,
                    deliveries: 2,
                    timestampSkew: 20
                )
            )
            #expect(deliveries.count == 2)
            #expect(receiver.received.count == 2)
            #expect(receiver.received[0] == receiver.received[1])
            let fields = form(receiver.received[0])
            #expect(fields["event_handler_id"] == nil)
            #expect(fields["auth[server_endpoint]"] == nil)
            #expect(fields["data[CALL_ID]"] == callID)
            let lead = try #require(fields["data[CRM_CREATED_LEAD]"].flatMap(Int.init))
            #expect(f.portal.crmEntity(type: "LEAD", id: lead)?.assignedByID == 13)
            #expect(fields["ts"].flatMap(Int.init) == Int(f.clock.now) - 20)
        }
        await receiver.stop()
    }

    @Test(
        "ONEXTERNALCALLBACKSTART carries no CALL_ID and registers nothing; an unreachable handler loses the event"
    )
    func callbackAndLostEvent() async throws {
        let receiver = EventReceiver()
        try await receiver.start()
        try await PortalFixture.with { f in
            let deliveries = try await f.portal.requestCallback(
                phoneNumber: "+79161234567",
                text: "Call me",
                lineNumber: "74951112233",
                crmEntity: (type: "CONTACT", id: 797),
                handlerURL: receiver.url
            )
            #expect(deliveries.map(\.status) == [200])
            let fields = form(try #require(receiver.received.first))
            #expect(fields["event"] == "ONEXTERNALCALLBACKSTART")
            #expect(fields["data[TEXT]"] == "Call me")
            #expect(fields["data[CALL_ID]"] == nil)
            #expect(f.portal.liveCalls.isEmpty)

            let closed = FakeBitrix24()
            try await closed.start()
            let deadURL = closed.baseURL + "/nowhere"
            await closed.stop()
            let lost = try await f.portal.requestCallback(
                phoneNumber: "+79161234567",
                handlerURL: deadURL,
                options: FakeBitrix24EventOptions(deliveryTimeout: .milliseconds(300))
            )
            #expect(lost.map(\.status) == [nil])
            #expect(f.portal.eventDeliveries.count == 2)
        }
        await receiver.stop()
    }
}
