import Actions
import Adapters
import Engine
import Foundation
import RuleDSL
import Testing

/// Commands in the outbox outlive the process that wrote them: a row written by the version before the typed
/// Bitrix24 requests (its `DeliveryCommand` payload JSON, as that version's translator made it) still decodes, and
/// says exactly what the translator makes of the same rule arguments now.
@Suite struct StoredCommandCompatibilityTests {
    static func planned(
        _ action: ActionKind,
        _ arguments: [String: Value],
        binding: String? = nil
    ) throws
        -> DeliveryCommand
    {
        try IntentTranslatorTests.command(IntentTranslatorTests.plan(action, arguments, binding: binding))
    }

    static func stored(_ json: String) throws -> DeliveryCommand {
        try JSONDecoder().decode(DeliveryCommand.self, from: Data(json.utf8))
    }

    @Test func register() throws {
        let old = try Self.stored(
            """
            {"callKey":"1795564212.0","step":"register","method":"telephony.externalcall.register",
             "params":{"TYPE":2,"PHONE_NUMBER":"79161234567","USER_ID":1,"EXTERNAL_CALL_ID":"main:1795564212.0",
                       "LINE_NUMBER":"74951112233","CRM_CREATE":1,"SHOW":0},
             "bindings":{},"resultBinding":"b24"}
            """
        )
        let now = try Self.planned(
            .registerCall,
            [
                "type": "incoming", "phone": "79161234567", "user": 1, "external_call_id": "main:1795564212.0",
                "line": "74951112233", "crm_create": true, "show": false,
            ],
            binding: "b24"
        )
        #expect(old == now)
    }

    @Test func cardsAndFinish() throws {
        let show = try Self.stored(
            """
            {"callKey":"1795564212.0","step":"show-t1","method":"telephony.externalcall.show",
             "params":{"USER_ID":[11,12]},"bindings":{"CALL_ID":{"step":"register","path":["CALL_ID"]}}}
            """
        )
        #expect(show == (try Self.planned(.showCard, ["users": [11, 12]])))
        let hide = try Self.stored(
            """
            {"callKey":"1795564212.0","step":"hide-t1","method":"telephony.externalcall.hide",
             "params":{"USER_ID":[12]},"bindings":{"CALL_ID":{"step":"register","path":["CALL_ID"]}}}
            """
        )
        #expect(hide == (try Self.planned(.hideCard, ["users": [12]])))
        let finish = try Self.stored(
            """
            {"callKey":"1795564212.0","step":"finish","method":"telephony.externalcall.finish",
             "params":{"USER_ID":11,"DURATION":5,"STATUS_CODE":"200"},
             "bindings":{"CALL_ID":{"step":"register","path":["CALL_ID"]}}}
            """
        )
        #expect(finish == (try Self.planned(.finishCall, ["user": 11, "duration": 5, "status": "200"])))
    }

    @Test func leadAndSearch() throws {
        let lead = try Self.stored(
            """
            {"callKey":"1795564212.0","step":"as:lead:b24.create_lead","method":"crm.lead.add",
             "params":{"fields":{"TITLE":"Call","ASSIGNED_BY_ID":12,"SOURCE_ID":"CALL",
                                 "PHONE":[{"VALUE":"79161234567","VALUE_TYPE":"WORK"}]}},
             "bindings":{},"deduplicationPhone":"79161234567","resultBinding":"lead"}
            """
        )
        let arguments: [String: Value] = ["phone": "79161234567", "title": "Call", "responsible": 12, "source": "CALL"]
        #expect(lead == (try Self.planned(.createLead, arguments, binding: "lead")))
        // The method's spelling changed (REST method names are case-insensitive); everything else is the same.
        var search = try Self.stored(
            """
            {"callKey":"1795564212.0","step":"as:crm:b24.search_crm",
             "method":"telephony.externalcall.searchCrmEntities","params":{"PHONE_NUMBER":"79161234567"},
             "bindings":{},"resultBinding":"crm"}
            """
        )
        let now = try Self.planned(.searchCRM, ["phone": "79161234567"], binding: "crm")
        #expect(search.method.lowercased() == now.method.lowercased())
        search.method = now.method
        #expect(search == now)
    }
}
