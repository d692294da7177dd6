import Adapters
import Engine
import Foundation
import Logging
import SwitchboardDaemon
import TestSupport
import Testing

@Suite("Bitrix24 event intake")
struct Bitrix24EventIntakeTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func click(_ callID: String, phone: String = "+7 916 123-45-67", age: Double = 1) -> Bitrix24PostedEvent {
        Bitrix24PostedEvent(
            event: "ONEXTERNALCALLSTART",
            data: ["CALL_ID": callID, "USER_ID": "12", "PHONE_NUMBER": phone],
            sentAt: now.addingTimeInterval(-age),
            receivedAt: now
        )
    }

    @Test("validated, de-duplicated by CALL_ID within the window, judged stale by age, queued in order")
    func intake() async {
        let intake = Bitrix24EventIntake(maxAgeSeconds: 30, dedupeSeconds: 600, logger: LogCapture().logger)
        #expect(intake.submit(Self.click("externalCall.a.1")) == .accepted)
        #expect(intake.submit(Self.click("externalCall.a.1")) == .duplicate)
        #expect(intake.submit(Self.click("externalCall.a.2", age: 31)) == .accepted)
        var later = Self.click("externalCall.a.1")
        later.receivedAt = Self.now.addingTimeInterval(601)
        later.sentAt = later.receivedAt
        #expect(intake.submit(later) == .accepted, "after the window the same CALL_ID is a new event")
        #expect(intake.submit(Self.click("bad id")) == .invalid("data[CALL_ID] is missing or not a Bitrix24 call id"))
        let other = Bitrix24PostedEvent(event: "ONCRMLEADADD", data: [:], sentAt: nil, receivedAt: Self.now)
        #expect(intake.submit(other) == .ignored)
        intake.close()
        #expect(intake.submit(Self.click("externalCall.a.3")) == .busy)
        var queued: [(String?, Bool)] = []
        for await event in intake.events { queued.append((event.request.callID, event.request.isStale)) }
        #expect(queued.map(\.0) == ["externalCall.a.1", "externalCall.a.2", "externalCall.a.1"])
        #expect(queued.map(\.1) == [false, true, false])
    }

    @Test("a click-to-call call restored after a restart: the same event delivered again is a duplicate")
    func restoredCallsAreRemembered() {
        let intake = Bitrix24EventIntake(maxAgeSeconds: 30, dedupeSeconds: 600, logger: LogCapture().logger)
        intake.remember(callIDs: ["externalCall.r.1"], at: Self.now)
        #expect(intake.submit(Self.click("externalCall.r.1")) == .duplicate)
        #expect(intake.submit(Self.click("externalCall.r.2")) == .accepted)
    }

    @Test("callbacks are the same event when every field and ts are; a full queue answers busy")
    func callbacksAndCapacity() {
        let intake = Bitrix24EventIntake(
            maxAgeSeconds: 30,
            dedupeSeconds: 600,
            capacity: 2,
            logger: LogCapture().logger
        )
        func callback(_ phone: String) -> Bitrix24PostedEvent {
            Bitrix24PostedEvent(
                event: "ONEXTERNALCALLBACKSTART",
                data: ["PHONE_NUMBER": phone, "CRM_ENTITY_TYPE": "LEAD"],
                sentAt: Self.now,
                receivedAt: Self.now
            )
        }
        #expect(intake.submit(callback("+7 916 000-00-01")) == .accepted)
        #expect(intake.submit(callback("+7 916 000-00-01")) == .duplicate)
        #expect(intake.submit(callback("+7 916 000-00-02")) == .accepted)
        #expect(intake.submit(callback("+7 916 000-00-03")) == .busy)
    }
}
