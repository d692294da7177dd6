import Foundation
import Testing

@testable import Adapters

/// Tolerant decoding of the portal's quirks (ids as strings, `""` for none, `[]` for an empty object, …).
@Suite("Bitrix24 tolerant decoding")
struct Bitrix24DecodingTests {
    private let client = Bitrix24Client(
        auth: Bitrix24WebhookAuth(portal: "https://acme.bitrix24.ru", userID: 1, secret: "s3cr3t")
    )

    private func decode(_ json: String, status: Int = 200) throws -> Bitrix24Response {
        try client.decodeEnvelope(method: "test.method", status: status, body: Data(json.utf8))
    }

    @Test("error: \"\" with a description is a failure, even with HTTP 200")
    func emptyErrorIsFailure() {
        #expect(throws: Bitrix24Error.self) {
            try decode(#"{"error":"","error_description":"Not found"}"#, status: 200)
        }
        do {
            _ = try decode(
                #"{"error":"","error_description":"Call is not found (call should be registered prior to finishing"}"#,
                status: 400
            )
        } catch let error as Bitrix24Error {
            #expect(error.isCallNotFound)
            #expect(error.code == "")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("[] reads as an empty object, {} dates read as no date, string ids as numbers, unknown keys ignored")
    func quirks() throws {
        let empty = try decode(#"{"result":[],"time":{"start":1.5}}"#)
        #expect(empty.result.objectValue == [:])
        #expect(empty.result.arrayValue == [])
        let finish = try decode(
            #"""
            {"result":{"CALL_ID":"externalCall.x.1","CALL_START_DATE":{},"PORTAL_USER_ID":"12","CALL_DURATION":"95",
             "CRM_ENTITY_TYPE":"CONTACT","CRM_ENTITY_ID":"797","SOMETHING_NEW":{"nested":[1,2]},"REST_APP_NAME":false},
             "time":{"operating_reset_at":1773131378,"operating":0.22},"extra":"ignored"}
            """#
        )
        let finished = Bitrix24FinishedCall(finish.result, requestedCallID: "externalCall.x.1")
        #expect(finished.portalUserID == 12)
        #expect(finished.duration == 95)
        #expect(finished.crmEntity == Bitrix24CrmEntityReference(type: "CONTACT", id: 797))
        #expect(finish.result["CALL_START_DATE"]?.dateValue == nil)
        #expect(finish.operatingResetAt == Date(timeIntervalSince1970: 1_773_131_378))
        #expect(finish.operating == 0.22)
        let user = try #require(
            Bitrix24User(.object(["ID": "12", "ACTIVE": "Y", "UF_PHONE_INNER": " 101 ", "TIMESTAMP_X": .object([:])]))
        )
        #expect(user.id == 12 && user.active && user.phoneInner == "101")
        #expect(Bitrix24User(.object(["ID": "12", "ACTIVE": false, "UF_PHONE_INNER": ""]))?.phoneInner == nil)
        #expect(Bitrix24User(.object(["NAME": "no id"])) == nil)
    }

    @Test("register result: CRM_ENTITY_TYPE \"\" or null means no entity")
    func registerVariants() throws {
        let none = try Bitrix24RegisteredCall(
            .object([
                "CALL_ID": "externalCall.a.1", "CRM_CREATED_LEAD": nil, "CRM_CREATED_ENTITIES": [],
                "CRM_ENTITY_TYPE": "", "CRM_ENTITY_ID": nil,
            ])
        )
        #expect(none.crmEntity == nil)
        let duplicate = try Bitrix24RegisteredCall(.object(["CALL_ID": "externalCall.a.1", "CRM_ENTITY_TYPE": nil]))
        #expect(duplicate.crmEntity == nil)
        #expect(throws: Bitrix24DecodingProblem.self) { try Bitrix24RegisteredCall(.object(["CRM_ENTITY_TYPE": ""])) }
    }

    @Test("a non-JSON answer is malformed: 5xx retry later, 200 give up")
    func malformed() {
        do {
            _ = try decode("<html>Bad Gateway</html>", status: 502)
            Issue.record("decoded HTML")
        } catch let error as Bitrix24Error {
            #expect(error.action == .retryLater)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: Bitrix24Error.self) { try decode(#"{"time":{}}"#, status: 200) }
    }

    @Test("flags and numbers read in every spelling")
    func values() {
        #expect(Bitrix24Value.string("Y").boolValue == true)
        #expect(Bitrix24Value.string("N").boolValue == false)
        #expect(Bitrix24Value.int(1).boolValue == true)
        #expect(Bitrix24Value.string("42").intValue == 42)
        #expect(Bitrix24Value.double(42).intValue == 42)
        #expect(Bitrix24Value.double(4.5).intValue == nil)
        #expect(Bitrix24Value.object(["1": "b", "0": "a"]).arrayValue == ["a", "b"])
        #expect(
            Bitrix24Value.string("2026-03-10T11:19:38+03:00").dateValue == Date(timeIntervalSince1970: 1_773_130_778)
        )
    }

    @Test("batch commands encode parameters in bracket notation, references intact after decoding")
    func batchEncoding() {
        let command = Bitrix24BatchCommand(
            key: "fin",
            method: "telephony.externalcall.finish",
            params: [
                "CALL_ID": Bitrix24BatchCommand.reference("reg", "CALL_ID"), "USER_ID": [5, 7],
                "fields": ["PHONE": [["VALUE": "+7 916"]]],
            ]
        )
        let text = command.commandString
        #expect(text.hasPrefix("telephony.externalcall.finish?"))
        #expect(text.contains("CALL_ID=%24result%5Breg%5D%5BCALL_ID%5D"))
        #expect(text.contains("USER_ID%5B0%5D=5&USER_ID%5B1%5D=7"))
        #expect(text.contains("fields%5BPHONE%5D%5B0%5D%5BVALUE%5D=%2B7%20916"))
    }
}
