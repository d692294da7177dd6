import Actions
import Adapters
import RuleDSL
import Testing

/// The portal's answers as the rules read them (`call.<as-name>`), quirks included.
@Suite struct ResultDecodingTests {
    @Test func register() throws {
        let lead = try ResultDecoding.value(
            of: [
                "CALL_ID": "externalCall.1", "CRM_ENTITY_TYPE": "LEAD", "CRM_ENTITY_ID": "1543",
                "CRM_CREATED_LEAD": 1543,
            ],
            action: .registerCall
        )
        #expect(
            lead == [
                "call_id": "externalCall.1", "crm_entity_type": "LEAD", "crm_entity_id": 1543, "crm_created_lead": 1543,
            ]
        )
        let failed = try ResultDecoding.value(
            of: [
                "CALL_ID": "externalCall.2", "CRM_ENTITY_TYPE": "", "CRM_ENTITY_ID": nil,
                "LEAD_CREATION_ERROR": "Lead creation is disabled for local users",
            ],
            action: .registerCall
        )
        #expect(
            failed == ["call_id": "externalCall.2", "lead_creation_error": "Lead creation is disabled for local users"]
        )
    }

    @Test func searchTakesTheFirstEntityAndItsResponsible() throws {
        let found = try ResultDecoding.value(
            of: [
                [
                    "CRM_ENTITY_TYPE": "CONTACT", "CRM_ENTITY_ID": 651, "ASSIGNED_BY_ID": 99, "NAME": "Ivan Petrov",
                    "ASSIGNED_BY": ["ID": "99", "TIMEMAN_STATUS": "OPENED", "USER_PHONE_INNER": "104"],
                ]
            ],
            action: .searchCRM
        )
        #expect(
            found == [
                "found": true, "entity_type": "CONTACT", "entity_id": 651, "responsible": 99,
                "responsible_extension": "104", "responsible_status": "OPENED", "name": "Ivan Petrov",
            ]
        )
        #expect(try ResultDecoding.value(of: [], action: .searchCRM) == ["found": false])
    }

    @Test func leadNewOrFoundByTheDuplicateCheck() throws {
        #expect(try ResultDecoding.value(of: 77, action: .createLead) == ["lead_id": 77, "existing": false])
        #expect(try ResultDecoding.value(of: "77", action: .createLead) == ["lead_id": 77, "existing": false])
        #expect(try ResultDecoding.value(of: ["LEAD": [12]], action: .createLead) == ["lead_id": 12, "existing": true])
        #expect(try ResultDecoding.value(of: ["CONTACT": ["5"]], action: .createLead) == ["existing": true])
    }

    @Test func cardsAnswerWhetherTheCallWasStillKnown() throws {
        #expect(try ResultDecoding.value(of: true, action: .showCard) == ["delivered": true])
        #expect(try ResultDecoding.value(of: "N", action: .hideCard) == ["delivered": false])
    }

    @Test func anAnswerOfTheWrongShapeIsAnError() {
        #expect(throws: Bitrix24DecodingProblem.self) {
            try ResultDecoding.value(of: ["CRM_ENTITY_TYPE": "LEAD"], action: .registerCall)
        }
        #expect(throws: Bitrix24DecodingProblem.self) { try ResultDecoding.value(of: [1, 2], action: .showCard) }
        #expect(throws: Bitrix24DecodingProblem.self) { try ResultDecoding.value(of: "x", action: .createLead) }
    }

    @Test func searchSkipsItemsWithoutAnEntity() throws {
        let found = try ResultDecoding.value(
            of: [["NAME": "no entity"], ["CRM_ENTITY_TYPE": "lead", "CRM_ENTITY_ID": "7"]],
            action: .searchCRM
        )
        #expect(found == ["found": true, "entity_type": "LEAD", "entity_id": 7])
    }
}
