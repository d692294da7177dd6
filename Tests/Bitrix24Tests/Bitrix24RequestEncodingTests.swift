import Adapters
import Foundation
import Testing

/// The typed requests are the one encoding of what a portal is asked and the one decoding of its answers.
@Suite struct Bitrix24RequestEncodingTests {
    @Test func registerNamesEveryParameterItSets() {
        let request = Bitrix24RegisterCallRequest(
            user: .phoneInner("201"),
            phoneNumber: "79161234567",
            type: .incomingWithRedirect,
            startDate: Date(timeIntervalSince1970: 1_773_130_779),
            createCrmEntity: false,
            crmSource: "CALL",
            crmEntity: Bitrix24CrmEntityReference(type: "contact", id: 797),
            show: true,
            callListID: 5,
            lineNumber: "74951112233",
            externalCallID: "main:1.2"
        )
        var params = request.parameters
        let date = params.removeValue(forKey: "CALL_START_DATE")?.stringValue ?? ""
        #expect(
            params == [
                "USER_PHONE_INNER": "201", "PHONE_NUMBER": "79161234567", "TYPE": 3, "CRM_CREATE": 0,
                "CRM_SOURCE": "CALL", "CRM_ENTITY_TYPE": "CONTACT", "CRM_ENTITY_ID": 797, "SHOW": 1, "CALL_LIST_ID": 5,
                "LINE_NUMBER": "74951112233", "EXTERNAL_CALL_ID": "main:1.2",
            ]
        )
        #expect(request.method == "telephony.externalcall.register")
        // ISO-8601 with an explicit offset, never `Z`; the same instant.
        #expect(
            date.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"#, options: .regularExpression) != nil
        )
        #expect(ISO8601DateFormatter().date(from: date) == Date(timeIntervalSince1970: 1_773_130_779))
    }

    @Test func cardsNameTheirUsersOrNone() {
        #expect(Bitrix24CardRequest(showingTo: [12]).parameters == ["USER_ID": [12]])
        #expect(Bitrix24CardRequest(hidingFrom: [12, 13]).parameters == ["USER_ID": [12, 13]])
        #expect(Bitrix24CardRequest(showingTo: nil).parameters.isEmpty, "the call's own user")
        #expect(Bitrix24CardRequest(showingTo: []).method == "telephony.externalcall.show")
        #expect(Bitrix24CardRequest(hidingFrom: []).method == "telephony.externalcall.hide")
        #expect(Bitrix24CardRequest.callIDParameter == "CALL_ID")
    }

    @Test func finishAndLead() {
        let finish = Bitrix24FinishCallRequest(user: .id(11), duration: -3, statusCode: "304", addToChat: true)
        #expect(finish.parameters == ["USER_ID": 11, "DURATION": 0, "STATUS_CODE": "304", "ADD_TO_CHAT": 1])
        let lead = Bitrix24AddLeadRequest(
            Bitrix24LeadFields(title: "Call", assignedByID: 12, phones: [("79161234567", "WORK")]),
            registerSonetEvent: false
        )
        #expect(
            lead.parameters == [
                "fields": [
                    "TITLE": "Call", "ASSIGNED_BY_ID": 12, "PHONE": [["VALUE": "79161234567", "VALUE_TYPE": "WORK"]],
                ],
                "params": ["REGISTER_SONET_EVENT": "N"],
            ]
        )
        let duplicates = Bitrix24FindDuplicatesRequest(type: .phone, values: ["79161234567"], entityType: "lead")
        #expect(duplicates.parameters == ["type": "PHONE", "values": ["79161234567"], "entity_type": "LEAD"])
    }

    @Test func answersAreReadTolerantlyOrRefused() throws {
        let registered = try Bitrix24RegisterCallRequest.answer(
            from: ["CALL_ID": "externalCall.1", "CRM_ENTITY_TYPE": "LEAD", "CRM_ENTITY_ID": "0"]
        )
        #expect(registered.callID == "externalCall.1" && registered.crmEntity == nil, "id 0 is no entity")
        #expect(throws: Bitrix24DecodingProblem.self) { try Bitrix24RegisterCallRequest.answer(from: ["CALL_ID": ""]) }
        #expect(try Bitrix24CardRequest.answer(from: "Y") == true)
        #expect(try Bitrix24AddLeadRequest.answer(from: "15") == 15)
        #expect(try Bitrix24FindDuplicatesRequest.answer(from: []) == [:], "PHP's empty array")
        #expect(
            try Bitrix24FindDuplicatesRequest.answer(from: ["lead": ["3", 4], "CONTACT": []]) == ["LEAD": [3, 4]]
        )
        #expect(Bitrix24CrmSearchRequest.answer(from: "nonsense").isEmpty)
    }
}
