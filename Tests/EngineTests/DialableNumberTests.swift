import Engine
import RuleDSL
import Testing

@Suite("Dialable numbers and Bitrix24 call requests")
struct DialableNumberTests {
    @Test("a number as Bitrix24 stores it loses its formatting: digits and a leading + remain")
    func formatting() {
        let cases: [(String, String)] = [
            ("+7 (495) 123-45-67", "+74951234567"), ("8(916)123-45-67", "89161234567"), ("79161234567", "79161234567"),
            ("+44 20 7946.0958", "+442079460958"), ("  112 ", "112"), ("+7 916 123 45 67", "+79161234567"),
        ]
        for (input, expected) in cases { #expect(DialableNumber.parse(input) == expected, "\(input)") }
    }

    @Test("anything that could reach the dialplan as syntax is refused: the number is absent")
    func refusals() {
        for input in [
            "79161234567\r\nAction: Originate", "7916,DB(x)=1", "&PJSIP/evil", "7916&PJSIP/evil", "7916/1",
            "7916;x", "7916=1", "ext 201", "доб. 201", "+7+916", "7(916", "7)916(", "(x)7916", "((7))916",
            "7(916)(123)", "()7916", "7(9-16)123", "1", "", "123456789012345678901", "7916\u{0}1", "7916\t1",
        ] {
            #expect(DialableNumber.parse(input) == nil, "\(input.debugDescription)")
        }
    }

    @Test("a click-to-call event becomes a request: values validated, invalid optional ones left out and named")
    func clickToCall() throws {
        let request = try CRMCallRequest(
            event: "ONEXTERNALCALLSTART",
            data: [
                "CALL_ID": "externalCall.0a1b2c3d4e5f60718293a4b5c6d7e8f9.1773236989", "USER_ID": "12",
                "PHONE_NUMBER": "+7 495 123-45-67", "CRM_ENTITY_TYPE": "CONTACT", "CRM_ENTITY_ID": "797",
                "LINE_NUMBER": "", "CALL_LIST_ID": "0", "IS_MOBILE": "1", "EXTENSION": "12a",
            ],
            ageSeconds: 3,
            maxAgeSeconds: 30
        )
        #expect(request.kind == .clickToCall)
        #expect(request.callID == "externalCall.0a1b2c3d4e5f60718293a4b5c6d7e8f9.1773236989")
        #expect(request.user == 12)
        #expect(request.phone == "+74951234567")
        #expect(request.crmEntityType == "CONTACT" && request.crmEntityID == 797)
        #expect(request.line == nil && request.callListID == nil && request.isMobile)
        #expect(request.extension == nil && request.refusedFields == ["EXTENSION"])
        #expect(!request.isStale && request.ageSeconds == 3)
        #expect(
            request.payload
                == .map([
                    "call_id": "externalCall.0a1b2c3d4e5f60718293a4b5c6d7e8f9.1773236989", "user": 12,
                    "phone": "+74951234567", "crm_entity_type": "CONTACT", "crm_entity_id": 797, "mobile": true,
                    "stale": false, "age_seconds": 3,
                ])
        )
        let hostile = try CRMCallRequest(
            event: "ONEXTERNALCALLSTART",
            data: [
                "CALL_ID": "externalCall.1.2", "USER_ID": "12", "PHONE_NUMBER": "&PJSIP/evil", "LINE_NUMBER": "a,b",
            ],
            ageSeconds: 45,
            maxAgeSeconds: 30
        )
        #expect(hostile.phone == nil && hostile.line == nil && hostile.isStale)
        #expect(Set(hostile.refusedFields) == ["PHONE_NUMBER", "LINE_NUMBER"])
    }

    @Test("without a usable CALL_ID or USER_ID a click cannot be a call; other events are not telephony")
    func unusable() {
        #expect(throws: CRMCallRequestError.invalidCallID) {
            try CRMCallRequest(event: "ONEXTERNALCALLSTART", data: ["USER_ID": "1"], ageSeconds: 0, maxAgeSeconds: 30)
        }
        #expect(throws: CRMCallRequestError.invalidCallID) {
            try CRMCallRequest(
                event: "ONEXTERNALCALLSTART",
                data: ["CALL_ID": "x\r\nAction: Originate", "USER_ID": "1"],
                ageSeconds: 0,
                maxAgeSeconds: 30
            )
        }
        #expect(throws: CRMCallRequestError.invalidUser) {
            try CRMCallRequest(
                event: "onExternalCallStart",
                data: ["CALL_ID": "externalCall.1.2", "USER_ID": "-3"],
                ageSeconds: 0,
                maxAgeSeconds: 30
            )
        }
        #expect(throws: CRMCallRequestError.unknownEvent("ONAPPINSTALL")) {
            try CRMCallRequest(event: "ONAPPINSTALL", data: [:], ageSeconds: 0, maxAgeSeconds: 30)
        }
        let callback = try? CRMCallRequest(
            event: "ONEXTERNALCALLBACKSTART",
            data: ["PHONE_NUMBER": "+7 916 123-45-67", "TEXT": "Call me"],
            ageSeconds: 0,
            maxAgeSeconds: 30
        )
        #expect(callback?.kind == .callback && callback?.phone == "+79161234567" && callback?.callID == nil)
    }
}
