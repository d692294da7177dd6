import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PortalTestSupport
import Simulators
import Testing

/// One test (or more) per behaviour of a real portal the fake reproduces, over raw HTTP and raw JSON.
@Suite("Fake Bitrix24 conformance")
struct FakePortalConformanceTests {
    // MARK: routes, case-insensitive methods, auth errors

    @Test("16.1 routes: .json suffix, trailing slash, case-insensitive method names")
    func routes() async throws {
        try await PortalFixture.with { f in
            for method in ["user.get", "user.get.json", "USER.Get", "user.get/", "user.get.json/"] {
                let answer = try await f.raw.post(f.prefix + method, json: #"{"ID": 12}"#)
                #expect(answer.status == 200, "\(method)")
                #expect((answer.result as? [[String: Any]])?.first?["ID"] as? String == "12", "\(method)")
            }
            let camel = try await f.raw.post(
                f.prefix + "telephony.externalCall.searchCrmEntities",
                json: #"{"PHONE_NUMBER":"79161234567"}"#
            )
            #expect(camel.status == 200)
        }
    }

    @Test("16.1 unknown method → 404 ERROR_METHOD_NOT_FOUND / Method not found!")
    func unknownMethod() async throws {
        try await PortalFixture.with { f in
            let answer = try await f.raw.post(f.prefix + "telephony.externalcall.teleport", json: "{}")
            #expect(answer.status == 404)
            #expect(answer.error == "ERROR_METHOD_NOT_FOUND")
            #expect(answer.errorDescription == "Method not found!")
        }
    }

    @Test("16.1 bad secret or user → 401 INVALID_CREDENTIALS")
    func badCredentials() async throws {
        try await PortalFixture.with { f in
            for path in ["/rest/1/wrongsecret/user.get", "/rest/2/\(f.secret)/user.get"] {
                let answer = try await f.raw.post(path, json: "{}")
                #expect(answer.status == 401)
                #expect(answer.error == "INVALID_CREDENTIALS")
                #expect(answer.errorDescription == "Invalid request credentials")
            }
        }
    }

    @Test("16.1 scope not granted → insufficient_scope (401 by default, 403 configurable)")
    func insufficientScope() async throws {
        try await PortalFixture.with(configuration: .init(scopes: ["crm", "user"], rateLimit: nil)) { f in
            let answer = try await f.raw.post(
                f.prefix + "telephony.externalcall.register",
                json: #"{"USER_ID":12,"PHONE_NUMBER":"1","TYPE":2}"#
            )
            #expect(answer.status == 401)
            #expect(answer.error == "insufficient_scope")
            #expect(
                answer.errorDescription == "The request requires higher privileges than provided by the webhook token"
            )
            let allowed = try await f.raw.post(f.prefix + "user.get", json: "{}")
            #expect(allowed.status == 200)
        }
        try await PortalFixture.with(
            configuration: .init(scopes: ["telephony"], rateLimit: nil, insufficientScopeStatus: 403)
        ) { f in
            let answer = try await f.raw.post(f.prefix + "crm.lead.add", json: #"{"fields":{"TITLE":"x"}}"#)
            #expect(answer.status == 403)
            #expect(answer.error == "insufficient_scope")
        }
    }

    @Test("16.1 plain http where https is required → INVALID_REQUEST / Https required.")
    func httpsRequired() async throws {
        try await PortalFixture.with(configuration: .init(requireHTTPS: true, rateLimit: nil)) { f in
            let answer = try await f.raw.post(f.prefix + "user.get", json: "{}")
            #expect(answer.status == 400)
            #expect(answer.error == "INVALID_REQUEST")
            #expect(answer.errorDescription == "Https required.")
        }
    }

    @Test("16.1 the OAuth route without a token → 401 NO_AUTH_FOUND")
    func oauthRouteWithoutToken() async throws {
        try await PortalFixture.with { f in
            let answer = try await f.raw.post("/rest/user.get", json: "{}")
            #expect(answer.status == 401)
            #expect(answer.error == "NO_AUTH_FOUND")
        }
    }

    // MARK: encodings

    @Test("16.2 GET query, form-urlencoded, multipart and JSON bodies decode to the same parameters")
    func encodings() async throws {
        try await PortalFixture.with { f in
            let method = f.prefix + "telephony.externalcall.register"
            let get = try await f.raw.get(
                method + "?USER_ID=12&PHONE_NUMBER=%2B79160000001&TYPE=2&EXTERNAL_CALL_ID=get"
            )
            let form = try await f.raw.postForm(
                method,
                "USER_ID=12&PHONE_NUMBER=%2B79160000002&TYPE=2&EXTERNAL_CALL_ID=form"
            )
            let multipart = try await f.raw.postMultipart(
                method,
                fields: [
                    ("USER_ID", "12"), ("PHONE_NUMBER", "+79160000003"), ("TYPE", "2"),
                    ("EXTERNAL_CALL_ID", "multipart"),
                ]
            )
            let json = try await f.raw.post(
                method,
                json: #"{"USER_ID":12,"PHONE_NUMBER":"+79160000004","TYPE":2,"EXTERNAL_CALL_ID":"json"}"#
            )
            for answer in [get, form, multipart, json] {
                #expect(answer.status == 200, "\(answer.text)")
                #expect((answer.resultObject["CALL_ID"] as? String)?.hasPrefix("externalCall.") == true)
            }
            #expect(f.portal.liveCalls.count == 4)
            #expect(Set(f.portal.liveCalls.values.map(\.externalCallID)) == ["get", "form", "multipart", "json"])
        }
    }

    @Test("16.2 bracket notation becomes nested maps and lists; query merged with body, body wins")
    func bracketNotation() async throws {
        try await PortalFixture.with { f in
            let form =
                "fields%5BTITLE%5D=Form+lead&fields%5BPHONE%5D%5B0%5D%5BVALUE%5D=%2B79161112233"
                + "&fields%5BPHONE%5D%5B0%5D%5BVALUE_TYPE%5D=WORK&fields%5BPHONE%5D%5B1%5D%5BVALUE%5D=%2B79164445566"
            let answer = try await f.raw.postForm(f.prefix + "crm.lead.add", form)
            #expect(answer.status == 200)
            let id = try #require(answer.result as? Int)
            let lead = try #require(f.portal.crmEntity(type: "LEAD", id: id))
            #expect(lead.title == "Form lead")
            #expect(lead.phones == ["+79161112233", "+79164445566"])
            // USER_ID[]=… list for show; query string merged with the JSON body (body wins).
            let reg = try await f.raw.post(
                f.prefix + "telephony.externalcall.register?TYPE=1&SHOW=1",
                json: #"{"USER_ID":12,"PHONE_NUMBER":"+79990001122","TYPE":2,"SHOW":0}"#
            )
            let callID = try #require(reg.resultObject["CALL_ID"] as? String)
            #expect(f.portal.liveCalls[callID]?.type == 2)
            #expect(f.portal.visibleCards(for: 12).isEmpty)
            let show = try await f.raw.postForm(
                f.prefix + "telephony.externalcall.show",
                "CALL_ID=\(callID)&USER_ID%5B%5D=13&USER_ID%5B%5D=14"
            )
            #expect(show.text.contains(#""result":true"#))
            #expect(f.portal.visibleCards(for: 13) == [callID])
            #expect(f.portal.visibleCards(for: 14) == [callID])
        }
    }

    // MARK: envelopes

    @Test("16.3 success envelope has result and time; user.get adds total and next")
    func successEnvelope() async throws {
        try await PortalFixture.with { f in
            for id in 100..<160 { f.portal.addUser(FakeBitrix24User(id: id, name: "U\(id)")) }
            let first = try await f.raw.post(f.prefix + "user.get", json: "{}")
            #expect(first.json["total"] as? Int == 65)
            #expect(first.json["next"] as? Int == 50)
            #expect((first.result as? [Any])?.count == 50)
            let time = try #require(first.json["time"] as? [String: Any])
            for key in [
                "start", "finish", "duration", "processing", "date_start", "date_finish", "operating_reset_at",
                "operating",
            ] {
                #expect(time[key] != nil, "time.\(key)")
            }
            let last = try await f.raw.post(f.prefix + "user.get", json: #"{"start":50}"#)
            #expect((last.result as? [Any])?.count == 15)
            #expect(last.json["next"] == nil)
            #expect(last.json["total"] as? Int == 65)
        }
    }

    @Test("16.3 method-level failures: HTTP 400 with an empty error (ERROR_CORE configurable)")
    func methodErrorEnvelope() async throws {
        try await PortalFixture.with { f in
            let answer = try await f.raw.post(
                f.prefix + "telephony.externalcall.register",
                json: #"{"PHONE_NUMBER":"1","TYPE":2}"#
            )
            #expect(answer.status == 400)
            #expect(answer.text.contains(#""error":"""#))
            #expect(answer.errorDescription == "USER_ID or USER_PHONE_INNER should be set")
        }
        try await PortalFixture.with(configuration: .init(rateLimit: nil, methodErrorCode: "ERROR_CORE")) { f in
            let answer = try await f.raw.post(
                f.prefix + "telephony.externalcall.register",
                json: #"{"PHONE_NUMBER":"1","TYPE":2}"#
            )
            #expect(answer.error == "ERROR_CORE")
        }
    }

    @Test("16.3 register validation order and texts")
    func registerValidation() async throws {
        try await PortalFixture.with { f in
            let method = f.prefix + "telephony.externalcall.register"
            let cases: [(String, String)] = [
                (
                    #"{"USER_PHONE_INNER":"999","PHONE_NUMBER":"1","TYPE":2}"#,
                    "USER_ID or USER_PHONE_INNER should be set"
                ),
                (#"{"USER_ID":12,"PHONE_NUMBER":"1","TYPE":9}"#, "Unknown TYPE"),
                (
                    #"{"USER_ID":12,"PHONE_NUMBER":"1","TYPE":2,"CALL_START_DATE":"2026-03-07 10:20:30"}"#,
                    "CALL_START_DATE should be in the ISO-8601 format"
                ),
                (#"{"USER_ID":12,"PHONE_NUMBER":"anonymous","TYPE":2}"#, "Unsupported phone number format"),
                (#"{"USER_ID":15,"PHONE_NUMBER":"+79160000000","TYPE":2}"#, "User is not found or is not active"),
            ]
            for (body, text) in cases {
                let answer = try await f.raw.post(method, json: body)
                #expect(answer.status == 400)
                #expect(answer.errorDescription == text)
            }
            let byExtension = try await f.raw.post(
                method,
                json:
                    #"{"USER_PHONE_INNER":"102","PHONE_NUMBER":"+79160000000","TYPE":2,"#
                    + #""CALL_START_DATE":"2026-03-07T10:20:30+03:00"}"#
            )
            let callID = try #require(byExtension.resultObject["CALL_ID"] as? String)
            #expect(f.portal.liveCalls[callID]?.userID == 13)
            #expect(callID.range(of: #"^externalCall\.[0-9a-f]{32}\.\d+$"#, options: .regularExpression) != nil)
        }
    }

    // MARK: telephony state machine

    @Test(
        "16.4 register → show/hide → finish → show/hide false, second finish fails, attachRecord allowed and replaces"
    )
    func stateMachine() async throws {
        try await PortalFixture.with { f in
            let register = try await f.raw.post(
                f.prefix + "telephony.externalcall.register",
                json: #"{"USER_ID":12,"PHONE_NUMBER":"+79161234567","TYPE":2,"EXTERNAL_CALL_ID":"1773130779.1"}"#
            )
            let callID = try #require(register.resultObject["CALL_ID"] as? String)
            for _ in 0..<3 {
                #expect(
                    try await f.raw.post(f.prefix + "telephony.externalcall.show", json: #"{"CALL_ID":"\#(callID)"}"#)
                        .text.contains(#""result":true"#)
                )
                #expect(
                    try await f.raw.post(f.prefix + "telephony.externalcall.hide", json: #"{"CALL_ID":"\#(callID)"}"#)
                        .text.contains(#""result":true"#)
                )
            }
            let early = try await f.raw.post(
                f.prefix + "telephony.externalcall.attachRecord",
                json: #"{"CALL_ID":"\#(callID)","FILENAME":"a.mp3","FILE_CONTENT":"SUQz"}"#
            )
            #expect(
                early.errorDescription == "Call is not found in the statistic table. Looks like it is not finished yet."
            )

            let finish = try await f.raw.post(
                f.prefix + "telephony.externalcall.finish",
                json: #"{"CALL_ID":"\#(callID)","USER_ID":12,"DURATION":95,"STATUS_CODE":"200"}"#
            )
            #expect(finish.status == 200)
            #expect(finish.resultObject["CALL_DURATION"] as? Int == 95)
            #expect(finish.resultObject["CALL_FAILED_CODE"] as? String == "200")
            #expect(finish.resultObject["INCOMING"] as? String == "2")
            #expect(finish.text.contains(#""CALL_START_DATE":{}"#))
            #expect(finish.text.contains(#""REST_APP_NAME":false"#))
            #expect(finish.resultObject["CRM_ENTITY_TYPE"] as? String == "CONTACT")

            #expect(
                try await f.raw.post(f.prefix + "telephony.externalcall.show", json: #"{"CALL_ID":"\#(callID)"}"#).text
                    .contains(#""result":false"#)
            )
            let hide = try await f.raw.post(
                f.prefix + "telephony.externalcall.hide",
                json: #"{"CALL_ID":"\#(callID)"}"#
            )
            #expect(hide.status == 200 && hide.text.contains(#""result":false"#))
            let again = try await f.raw.post(
                f.prefix + "telephony.externalcall.finish",
                json: #"{"CALL_ID":"\#(callID)","USER_ID":12}"#
            )
            #expect(again.status == 400)
            #expect(again.error == "")
            #expect(again.errorDescription == "Call is not found (call should be registered prior to finishing")

            let first = try await f.raw.post(
                f.prefix + "telephony.externalcall.attachRecord",
                json:
                    #"{"CALL_ID":"\#(callID)","FILENAME":"a.mp3","#
                    + #""FILE_CONTENT":"\#(Data("first".utf8).base64EncodedString())"}"#
            )
            let second = try await f.raw.post(
                f.prefix + "telephony.externalcall.attachRecord",
                json:
                    #"{"CALL_ID":"\#(callID)","FILENAME":"b.wav","#
                    + #""FILE_CONTENT":"\#(Data("second".utf8).base64EncodedString())"}"#
            )
            #expect(first.resultObject["FILE_ID"] as? Int != nil)
            #expect(second.resultObject["FILE_ID"] as? Int != first.resultObject["FILE_ID"] as? Int)
            #expect(f.portal.finishedCall(callID)?.record?.filename == "b.wav")
            #expect(f.portal.finishedCall(callID)?.record?.content == Data("second".utf8))
        }
    }

    @Test("16.4 finish: CALL_ID must be a string; attachRecord errors; two-step upload; RECORD_URL mode")
    func finishAndRecordEdges() async throws {
        try await PortalFixture.with { f in
            let notString = try await f.raw.post(
                f.prefix + "telephony.externalcall.finish",
                json: #"{"CALL_ID":5,"USER_ID":12}"#
            )
            #expect(notString.error == "INVALID_ARGUMENT")
            #expect(notString.errorDescription == "CALL_ID must be a string")
            let noUser = try await f.raw.post(f.prefix + "telephony.externalcall.finish", json: #"{"CALL_ID":"x"}"#)
            #expect(noUser.errorDescription == "USER_ID or USER_PHONE_INNER should be set")

            let reg = try await f.raw.post(
                f.prefix + "telephony.externalcall.register",
                json: #"{"USER_ID":12,"PHONE_NUMBER":"+79160000009","TYPE":1}"#
            )
            let callID = try #require(reg.resultObject["CALL_ID"] as? String)
            _ = try await f.raw.post(
                f.prefix + "telephony.externalcall.finish",
                json: #"{"CALL_ID":"\#(callID)","USER_PHONE_INNER":"101"}"#
            )
            let attach = f.prefix + "telephony.externalcall.attachrecord"
            let errors: [(String, String)] = [
                (
                    #"{"CALL_ID":"\#(callID)"}"#,
                    "Required parameters are not set. Request should contain or URL or FILENAME parameter"
                ),
                (#"{"CALL_ID":"\#(callID)","FILENAME":"","FILE_CONTENT":"SUQz"}"#, "File name is empty"),
                (
                    #"{"CALL_ID":"\#(callID)","FILENAME":"a.ogg","FILE_CONTENT":"SUQz"}"#,
                    "Wrong file extension. Only wav and mp3 are allowed"
                ),
                (#"{"CALL_ID":"\#(callID)","FILENAME":"a.mp3","FILE_CONTENT":""}"#, "File content is empty."),
                (
                    #"{"CALL_ID":"\#(callID)","FILENAME":"a.mp3","FILE_CONTENT":"!!!"}"#,
                    "File content is not properly encoded. Base64 encoding is expected."
                ),
            ]
            for (body, text) in errors {
                #expect(try await f.raw.post(attach, json: body).errorDescription == text)
            }
            let step1 = try await f.raw.post(attach, json: #"{"CALL_ID":"\#(callID)","FILENAME":"big.mp3"}"#)
            let uploadURL = try #require(step1.resultObject["uploadUrl"] as? String)
            #expect(step1.resultObject["fieldName"] as? String == "file")
            #expect(uploadURL.contains("/rest/upload.json?auth="))
            let bytes = Data((0..<4096).map { UInt8($0 % 251) })
            let step2 = try await f.raw.postMultipart(uploadURL, fields: [], file: ("file", "big.mp3", bytes))
            #expect(step2.status == 200)
            #expect(step2.resultObject["FILE_ID"] as? Int != nil)
            #expect(f.portal.finishedCall(callID)?.record?.content == bytes)
            let reuse = try await f.raw.postMultipart(uploadURL, fields: [], file: ("file", "big.mp3", bytes))
            #expect(reuse.status == 400)

            // As in the source: without FILE_CONTENT the uploadUrl comes before FILENAME is checked; the uploaded
            // part's own name is what is stored and checked, and the part must be there.
            let unnamed = try await f.raw.post(attach, json: #"{"CALL_ID":"\#(callID)","FILENAME":""}"#)
            let second = try #require(unnamed.resultObject["uploadUrl"] as? String, "\(unnamed.text)")
            let noPart = try await f.raw.postMultipart(second, fields: [("other", "x")])
            #expect(noPart.errorDescription == "Error: required parameter file is not found")
            let ogg = try await f.raw.postMultipart(second, fields: [], file: ("file", "call.ogg", bytes))
            #expect(ogg.errorDescription == "Wrong file extension. Only wav and mp3 are allowed")
            let named = try await f.raw.postMultipart(second, fields: [], file: ("file", "part-name.mp3", bytes))
            #expect(named.status == 200)
            #expect(f.portal.finishedCall(callID)?.record?.filename == "part-name.mp3")
            let journaled = f.portal.journal.last { $0.method == "upload" && $0.status == 200 }
            #expect(journaled?.params["filename"]?.stringValue == "part-name.mp3")
            #expect(journaled?.params["size"]?.intValue == bytes.count)

            // Faults reach the upload step too (method `upload`).
            let third = try #require(
                try await f.raw.post(attach, json: #"{"CALL_ID":"\#(callID)","FILENAME":"c.mp3"}"#)
                    .resultObject["uploadUrl"] as? String
            )
            f.portal.injectFault(
                .error(status: 503, code: "QUERY_LIMIT_EXCEEDED", description: "Too many"),
                method: "upload"
            )
            let limited = try await f.raw.postMultipart(third, fields: [], file: ("file", "c.mp3", bytes))
            #expect(limited.status == 503 && limited.error == "QUERY_LIMIT_EXCEEDED")
            #expect(try await f.raw.postMultipart(third, fields: [], file: ("file", "c.mp3", bytes)).status == 200)

            let byURL = try await f.raw.post(
                attach,
                json: #"{"CALL_ID":"\#(callID)","RECORD_URL":"https://pbx.example.com/rec/c1.mp3"}"#
            )
            #expect(byURL.resultObject["FILE_ID"] as? Int != nil)
            #expect(f.portal.finishedCall(callID)?.record?.filename == "c1.mp3")
            #expect(f.portal.finishedCall(callID)?.record?.sourceURL == "https://pbx.example.com/rec/c1.mp3")
        }
    }

    // MARK: de-duplication

    @Test("16.5 register reuses an unfinished CALL_ID for 30 min unless EXTERNAL_CALL_ID (or user, type, line) differs")
    func deduplication() async throws {
        try await PortalFixture.with { f in
            let method = f.prefix + "telephony.externalcall.register"
            func register(_ body: String) async throws -> String {
                let answer = try await f.raw.post(method, json: body)
                return try #require(answer.resultObject["CALL_ID"] as? String, "\(answer.text)")
            }
            let base = #"{"USER_ID":12,"PHONE_NUMBER":"+7 916 000-00-77","TYPE":2,"LINE_NUMBER":"74951112233""#
            let first = try await register(base + "}")
            #expect(
                try await register(
                    #"{"USER_ID":12,"PHONE_NUMBER":"79160000077","TYPE":2,"LINE_NUMBER":"74951112233","CRM_CREATE":1}"#
                ) == first
            )
            #expect(try await register(base + #","EXTERNAL_CALL_ID":"other"}"#) != first)
            #expect(try await register(base.replacingOccurrences(of: "\"TYPE\":2", with: "\"TYPE\":3") + "}") != first)
            #expect(
                try await register(base.replacingOccurrences(of: "\"USER_ID\":12", with: "\"USER_ID\":13") + "}")
                    != first
            )
            f.advance(by: 29 * 60)
            #expect(try await register(base + "}") == first)
            f.advance(by: 2 * 60)
            let afterWindow = try await register(base + "}")
            #expect(afterWindow != first)
            _ = try await f.raw.post(
                f.prefix + "telephony.externalcall.finish",
                json: #"{"CALL_ID":"\#(afterWindow)","USER_ID":12}"#
            )
            _ = try await f.raw.post(
                f.prefix + "telephony.externalcall.finish",
                json: #"{"CALL_ID":"\#(first)","USER_ID":12}"#
            )
            let afterFinish = try await register(base + "}")
            #expect(afterFinish != first && afterFinish != afterWindow)
        }
    }

    @Test("16.5 two overlapping calls sharing a CALL_ID: the second finish fails (b24-rest-docs#175)")
    func sharedCallIDSecondFinishFails() async throws {
        try await PortalFixture.with { f in
            let body = #"{"USER_ID":12,"PHONE_NUMBER":"+79160000088","TYPE":2}"#
            let a =
                try await f.raw.post(f.prefix + "telephony.externalcall.register", json: body).resultObject["CALL_ID"]
                as? String
            let b =
                try await f.raw.post(f.prefix + "telephony.externalcall.register", json: body).resultObject["CALL_ID"]
                as? String
            #expect(a == b)
            let callID = try #require(a)
            #expect(
                try await f.raw.post(
                    f.prefix + "telephony.externalcall.finish",
                    json: #"{"CALL_ID":"\#(callID)","USER_ID":12}"#
                ).status == 200
            )
            #expect(
                try await f.raw.post(
                    f.prefix + "telephony.externalcall.finish",
                    json: #"{"CALL_ID":"\#(callID)","USER_ID":12}"#
                ).errorDescription
                    == "Call is not found (call should be registered prior to finishing"
            )
        }
    }

    // MARK: CRM binding

    @Test(
        "16.6 register binds a matching contact; CRM_CREATE creates a lead; finish reassigns it to the finishing user"
    )
    func crmOnRegister() async throws {
        try await PortalFixture.with { f in
            let method = f.prefix + "telephony.externalcall.register"
            let known = try await f.raw.post(
                method,
                json: #"{"USER_ID":12,"PHONE_NUMBER":"+79161234567","TYPE":2,"CRM_CREATE":1}"#
            )
            #expect(known.resultObject["CRM_ENTITY_TYPE"] as? String == "CONTACT")
            #expect(known.resultObject["CRM_ENTITY_ID"] as? Int == 797)
            #expect(known.text.contains(#""CRM_CREATED_LEAD":null"#))
            #expect(known.text.contains(#""CRM_CREATED_ENTITIES":[]"#))

            let none = try await f.raw.post(method, json: #"{"USER_ID":12,"PHONE_NUMBER":"+79990000001","TYPE":2}"#)
            #expect(none.text.contains(#""CRM_ENTITY_TYPE":"""#))
            #expect(none.text.contains(#""CRM_ENTITY_ID":null"#))

            let created = try await f.raw.post(
                method,
                json: #"{"USER_ID":12,"PHONE_NUMBER":"+79990000002","TYPE":2,"CRM_CREATE":1,"CRM_SOURCE":"CALL"}"#
            )
            let leadID = try #require(created.resultObject["CRM_CREATED_LEAD"] as? Int)
            #expect(created.resultObject["CRM_ENTITY_TYPE"] as? String == "LEAD")
            #expect(
                (created.resultObject["CRM_CREATED_ENTITIES"] as? [[String: Any]])?.first?["ENTITY_ID"] as? Int
                    == leadID
            )
            #expect(f.portal.crmEntity(type: "LEAD", id: leadID)?.assignedByID == 12)
            let callID = try #require(created.resultObject["CALL_ID"] as? String)
            _ = try await f.raw.post(
                f.prefix + "telephony.externalcall.finish",
                json: #"{"CALL_ID":"\#(callID)","USER_ID":14,"DURATION":10}"#
            )
            #expect(f.portal.crmEntity(type: "LEAD", id: leadID)?.assignedByID == 14)
            #expect(
                f.portal.crmEntity(type: "CONTACT", id: 797)?.assignedByID == 13,
                "existing objects keep their owner"
            )

            let bound = try await f.raw.post(
                method,
                json:
                    #"{"USER_ID":12,"PHONE_NUMBER":"+79990000003","TYPE":1,"#
                    + #""CRM_ENTITY_TYPE":"COMPANY","CRM_ENTITY_ID":55}"#
            )
            #expect(bound.resultObject["CRM_ENTITY_TYPE"] as? String == "COMPANY")
        }
    }

    @Test("16.6 internal numbers (an active user's extension) create no lead; LEAD_CREATION_ERROR when creation fails")
    func internalAndLeadCreationError() async throws {
        try await PortalFixture.with { f in
            let internalCall = try await f.raw.post(
                f.prefix + "telephony.externalcall.register",
                json: #"{"USER_ID":12,"PHONE_NUMBER":"102","TYPE":1,"CRM_CREATE":1}"#
            )
            #expect(internalCall.text.contains(#""CRM_CREATED_LEAD":null"#))
            #expect(f.portal.crmEntities(type: "LEAD").isEmpty)
            let callID = try #require(internalCall.resultObject["CALL_ID"] as? String)
            #expect(f.portal.liveCalls[callID]?.isInternal == true)
        }
        try await PortalFixture.with(
            configuration: .init(rateLimit: nil, leadCreationError: "Lead creation is disabled for local users")
        ) { f in
            let answer = try await f.raw.post(
                f.prefix + "telephony.externalcall.register",
                json: #"{"USER_ID":12,"PHONE_NUMBER":"+79990000004","TYPE":2,"CRM_CREATE":1}"#
            )
            #expect(answer.status == 200)
            #expect(
                answer.resultObject["LEAD_CREATION_ERROR"] as? String == "Lead creation is disabled for local users"
            )
            #expect(answer.resultObject["CALL_ID"] as? String != nil)
        }
    }

    // MARK: search, duplicates, leads, contacts, users

    @Test(
        "16.7 searchCrmEntities: contacts → leads → companies, ASSIGNED_BY as string ID; [] if none; empty phone error"
    )
    func searchCrmEntities() async throws {
        try await PortalFixture.with { f in
            f.portal.addCrmEntity(
                FakeBitrix24CrmEntity(type: "LEAD", id: 900, title: "Lead", phones: ["79161234567"], assignedByID: 14)
            )
            f.portal.addCrmEntity(
                FakeBitrix24CrmEntity(
                    type: "COMPANY",
                    id: 901,
                    title: "Co",
                    phones: ["+7 916 123 45 67"],
                    assignedByID: 12
                )
            )
            let answer = try await f.raw.post(
                f.prefix + "telephony.externalcall.searchCrmEntities",
                json: #"{"PHONE_NUMBER":"+79161234567"}"#
            )
            let items = try #require(answer.result as? [[String: Any]])
            #expect(items.map { $0["CRM_ENTITY_TYPE"] as? String } == ["CONTACT", "LEAD", "COMPANY"])
            let assigned = try #require(items.first?["ASSIGNED_BY"] as? [String: Any])
            #expect(assigned["ID"] as? String == "13")
            #expect(assigned["USER_PHONE_INNER"] as? String == "102")
            #expect(assigned["TIMEMAN_STATUS"] as? String == "CLOSED")
            let none = try await f.raw.post(
                f.prefix + "telephony.externalcall.searchcrmentities",
                json: #"{"PHONE_NUMBER":"+10000000000"}"#
            )
            #expect(none.text.contains(#""result":[]"#))
            let empty = try await f.raw.post(f.prefix + "telephony.externalcall.searchcrmentities", json: "{}")
            #expect(empty.errorDescription == "PHONE_NUMBER is empty")
        }
    }

    @Test("16.7 crm.duplicate.findbycomm: integer ids by type, [] when none, error texts")
    func duplicates() async throws {
        try await PortalFixture.with { f in
            let method = f.prefix + "crm.duplicate.findbycomm"
            let found = try await f.raw.post(
                method,
                json: #"{"type":"PHONE","values":["+7 916 123-45-67","+74951112233"]}"#
            )
            #expect(found.text.contains(#""CONTACT":[797]"#))
            #expect(found.text.contains(#""COMPANY":[55]"#))
            let none = try await f.raw.post(method, json: #"{"type":"PHONE","values":["+10000000000"]}"#)
            #expect(none.text.contains(#""result":[]"#))
            let onlyLeads = try await f.raw.post(
                method,
                json: #"{"TYPE":"PHONE","VALUES":["+74951112233"],"ENTITY_TYPE":"LEAD"}"#
            )
            #expect(onlyLeads.text.contains(#""result":[]"#))
            #expect(
                try await f.raw.post(method, json: #"{"values":["1"]}"#).errorDescription
                    == "Communication type is not defined."
            )
            #expect(
                try await f.raw.post(method, json: #"{"type":"FAX","values":["1"]}"#).errorDescription
                    == "Communication type 'FAX' is not supported in current context."
            )
            #expect(
                try await f.raw.post(method, json: #"{"type":"PHONE"}"#).errorDescription
                    == "Communication values is not defined."
            )
        }
    }

    @Test("16.7 crm.lead.add answers an integer id; crm.lead.get / crm.contact.get answer string ids")
    func leadsAndContacts() async throws {
        try await PortalFixture.with { f in
            let add = try await f.raw.post(
                f.prefix + "crm.lead.add",
                json:
                    #"{"FIELDS":{"TITLE":"Call","SOURCE_ID":"CALL","ASSIGNED_BY_ID":13,"#
                    + #""PHONE":[{"VALUE":"+79165550000","VALUE_TYPE":"WORK"}]}}"#
            )
            let id = try #require(add.result as? Int)
            let get = try await f.raw.post(f.prefix + "crm.lead.get", json: #"{"id":\#(id)}"#)
            #expect(get.resultObject["ID"] as? String == String(id))
            #expect(get.resultObject["ASSIGNED_BY_ID"] as? String == "13")
            #expect(get.resultObject["HAS_PHONE"] as? String == "Y")
            #expect((get.resultObject["PHONE"] as? [[String: Any]])?.first?["TYPE_ID"] as? String == "PHONE")
            let contact = try await f.raw.post(f.prefix + "crm.contact.get", json: #"{"ID":"797"}"#)
            #expect(contact.resultObject["ID"] as? String == "797")
            #expect(
                try await f.raw.post(f.prefix + "crm.contact.get", json: #"{"id":1}"#).errorDescription == "Not found"
            )
            #expect(
                try await f.raw.post(f.prefix + "crm.lead.get", json: "{}").errorDescription
                    == "ID is not defined or invalid."
            )
        }
    }

    @Test(
        "16.7 user.get: FILTER replaces top-level filters; top-level keys filter; UF_PHONE_INNER; string ids; {} dates"
    )
    func userGet() async throws {
        try await PortalFixture.with { f in
            let method = f.prefix + "user.get"
            let byFilter = try await f.raw.post(method, json: #"{"FILTER":{"UF_PHONE_INNER":"101"},"ID":13}"#)
            let users = try #require(byFilter.result as? [[String: Any]])
            #expect(users.map { $0["ID"] as? String } == ["12"])
            #expect(users.first?["UF_PHONE_INNER"] as? String == "101")
            #expect(byFilter.text.contains(#""TIMESTAMP_X":{}"#))
            let topLevel = try await f.raw.post(method, json: #"{"ID":13}"#)
            #expect((topLevel.result as? [[String: Any]])?.map { $0["ID"] as? String } == ["13"])
            let inactive = try await f.raw.post(method, json: #"{"FILTER":{"ACTIVE":false}}"#)
            #expect((inactive.result as? [[String: Any]])?.map { $0["ID"] as? String } == ["15"])
            let sorted = try await f.raw.post(
                method,
                json: #"{"sort":"UF_PHONE_INNER","order":"DESC","FILTER":{"!UF_PHONE_INNER":""}}"#
            )
            #expect(
                (sorted.result as? [[String: Any]])?.map { $0["UF_PHONE_INNER"] as? String } == [
                    "104", "103", "102", "101",
                ]
            )
            let empty = try await f.raw.post(method, json: #"{"FILTER":{"UF_PHONE_INNER":"999"}}"#)
            #expect(empty.text.contains(#""result":[]"#))
            #expect(empty.json["total"] as? Int == 0)
            let form = try await f.raw.postForm(method, "filter%5BUF_PHONE_INNER%5D=103")
            #expect((form.result as? [[String: Any]])?.map { $0["ID"] as? String } == ["14"])
        }
    }

    // MARK: batch

    @Test("16.8 batch: $result references, sequential order, five result_* keys ([] when empty)")
    func batchReferences() async throws {
        try await PortalFixture.with { f in
            let body = #"""
                {"halt":0,"cmd":{
                  "reg":"telephony.externalcall.register?USER_ID=12&PHONE_NUMBER=%2B79160001111&TYPE=2",
                  "fin":"telephony.externalcall.finish?CALL_ID=$result[reg][CALL_ID]&USER_ID=12&DURATION=5",
                  "att":"telephony.externalcall.attachRecord?CALL_ID=%24result%5Breg%5D%5BCALL_ID%5D&\#
                FILENAME=r.mp3&FILE_CONTENT=SUQz",
                  "users":"user.get?ID=12"}}
                """#
            let answer = try await f.raw.post(f.prefix + "batch", json: body)
            #expect(answer.status == 200)
            let result = answer.resultObject
            let results = try #require(result["result"] as? [String: Any])
            let callID = try #require((results["reg"] as? [String: Any])?["CALL_ID"] as? String)
            #expect((results["fin"] as? [String: Any])?["CALL_ID"] as? String == callID)
            #expect((results["att"] as? [String: Any])?["FILE_ID"] as? Int != nil)
            #expect(answer.text.contains(#""result_error":[]"#))
            #expect((result["result_total"] as? [String: Any])?["users"] as? Int == 1)
            #expect(answer.text.contains(#""result_next":[]"#))
            #expect((result["result_time"] as? [String: Any])?["reg"] != nil)
            #expect(f.portal.finishedCall(callID)?.record != nil)
            #expect(
                f.portal.journal.filter(\.inBatch).map(\.method) == [
                    "telephony.externalcall.register", "telephony.externalcall.finish",
                    "telephony.externalcall.attachrecord", "user.get",
                ]
            )
        }
    }

    @Test("16.8 batch: halt stops at the first failure; without halt the rest runs; HTTP 200 regardless")
    func batchHalt() async throws {
        try await PortalFixture.with { f in
            let commands =
                #""cmd":{"a":"user.get?ID=12","#
                + #""bad":"telephony.externalcall.finish?CALL_ID=nope&USER_ID=12","c":"user.get?ID=13"}"#
            let halted = try await f.raw.post(f.prefix + "batch", json: "{\"halt\":1,\(commands)}")
            #expect(halted.status == 200)
            let haltedResult = halted.resultObject
            #expect(Set((haltedResult["result"] as? [String: Any] ?? [:]).keys) == ["a"])
            let error = try #require((haltedResult["result_error"] as? [String: Any])?["bad"] as? [String: Any])
            #expect(error["error"] as? String == "")
            #expect(
                error["error_description"] as? String
                    == "Call is not found (call should be registered prior to finishing"
            )
            let all = try await f.raw.post(f.prefix + "batch", json: "{\"halt\":0,\(commands)}")
            #expect(Set((all.resultObject["result"] as? [String: Any] ?? [:]).keys) == ["a", "c"])
        }
    }

    @Test("16.8 batch: 50-command cap (ERROR_BATCH_LENGTH_EXCEEDED), no nested batch, list form, scope per command")
    func batchLimits() async throws {
        try await PortalFixture.with(configuration: .init(scopes: ["telephony", "user"], rateLimit: nil)) { f in
            let commands = (0..<52).map { #""c\#($0)":"user.get?ID=12""# }.joined(separator: ",")
            let answer = try await f.raw.post(f.prefix + "batch", json: "{\"cmd\":{\(commands)}}")
            let results = try #require(answer.resultObject["result"] as? [String: Any])
            let errors = try #require(answer.resultObject["result_error"] as? [String: Any])
            #expect(results.count == 50)
            #expect(Set(errors.keys) == ["c50", "c51"])
            #expect((errors["c50"] as? [String: Any])?["error"] as? String == "ERROR_BATCH_LENGTH_EXCEEDED")
            #expect(f.portal.journal.filter(\.inBatch).count == 50)

            let nested = try await f.raw.post(
                f.prefix + "batch",
                json: #"{"cmd":{"inner":"batch?cmd[x]=user.get","crm":"crm.lead.add?fields[TITLE]=x"}}"#
            )
            let nestedErrors = try #require(nested.resultObject["result_error"] as? [String: Any])
            #expect((nestedErrors["inner"] as? [String: Any])?["error"] as? String == "ERROR_BATCH_METHOD_NOT_ALLOWED")
            #expect((nestedErrors["crm"] as? [String: Any])?["error"] as? String == "insufficient_scope")
            #expect(nested.text.contains(#""result":[]"#))

            let list = try await f.raw.post(f.prefix + "batch", json: #"{"cmd":["user.get?ID=12","user.get?ID=13"]}"#)
            #expect((list.resultObject["result"] as? [Any])?.count == 2)
        }
    }

    // MARK: rate limit and faults

    @Test(
        "16.9 leaky bucket: 50 burst, then 503 QUERY_LIMIT_EXCEEDED; drains 2/s (virtual clock); batch counts once"
    )
    func rateLimit() async throws {
        try await PortalFixture.with(configuration: .init(rateLimit: .cloud)) { f in
            for index in 0..<50 {
                let answer = try await f.raw.post(f.prefix + "user.get", json: #"{"ID":12}"#)
                #expect(answer.status == 200, "request \(index)")
            }
            let refused = try await f.raw.post(f.prefix + "user.get", json: #"{"ID":12}"#)
            #expect(refused.status == 503)
            #expect(refused.error == "QUERY_LIMIT_EXCEEDED")
            #expect(refused.errorDescription == "Too many requests")
            f.advance(by: 1)
            let commands = (0..<50).map { #""c\#($0)":"user.get?ID=12""# }.joined(separator: ",")
            #expect(try await f.raw.post(f.prefix + "batch", json: "{\"cmd\":{\(commands)}}").status == 200)
            #expect(try await f.raw.post(f.prefix + "user.get", json: "{}").status == 200)
            #expect(try await f.raw.post(f.prefix + "user.get", json: "{}").status == 503)
        }
    }

    @Test("16.9 faults: 429 OPERATION_TIME_LIMIT for one method only; 500; 401; fail next N")
    func faults() async throws {
        try await PortalFixture.with { f in
            f.portal.blockMethod("user.get", until: f.clock.now + 120)
            let blocked = try await f.raw.post(f.prefix + "user.get", json: "{}")
            #expect(blocked.status == 429)
            #expect(blocked.error == "OPERATION_TIME_LIMIT")
            #expect((blocked.json["time"] as? [String: Any])?["operating_reset_at"] as? Int == Int(f.clock.now + 120))
            #expect(try await f.raw.post(f.prefix + "crm.lead.get", json: #"{"id":1}"#).status == 400)
            f.advance(by: 121)
            #expect(try await f.raw.post(f.prefix + "user.get", json: "{}").status == 200)

            f.portal.injectFault(.internalServerError, times: 2)
            #expect(try await f.raw.post(f.prefix + "user.get", json: "{}").status == 500)
            #expect(try await f.raw.post(f.prefix + "crm.lead.get", json: "{}").status == 500)
            #expect(try await f.raw.post(f.prefix + "user.get", json: "{}").status == 200)
            f.portal.injectFault(.invalidCredentials, method: "crm.lead.add")
            #expect(try await f.raw.post(f.prefix + "user.get", json: "{}").status == 200)
            let unauthorized = try await f.raw.post(f.prefix + "crm.lead.add", json: "{}")
            #expect(unauthorized.status == 401 && unauthorized.error == "INVALID_CREDENTIALS")
        }
    }

    @Test("16.9 faults: dropped connection (before and after processing) and hang")
    func connectionFaults() async throws {
        try await PortalFixture.with(configuration: .init(rateLimit: nil, hangSeconds: 30)) {
            (f: PortalFixture) async throws in
            f.portal.injectFault(.dropConnection)
            await #expect(throws: (any Error).self) { try await f.raw.post(f.prefix + "user.get", json: "{}") }
            f.portal.injectFault(.dropAfterProcessing, method: "crm.lead.add")
            await #expect(throws: (any Error).self) {
                try await f.raw.post(f.prefix + "crm.lead.add", json: #"{"fields":{"TITLE":"lost answer"}}"#)
            }
            #expect(
                f.portal.crmEntities(type: "LEAD").map(\.title) == ["lost answer"],
                "the method ran although the answer was lost"
            )
            f.portal.injectFault(.hang)
            let started = ContinuousClock.now
            await #expect(throws: (any Error).self) {
                try await f.raw.sendWithTimeout(f.prefix + "user.get", timeoutMillis: 300)
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            let after = try await f.raw.post(f.prefix + "user.get", json: "{}")
            #expect(after.status == 200)
        }
    }

    // MARK: cards and chat

    @Test(
        "16.11 cards per user: register SHOW, show to a list, finish hides only the finishing user's card; chat message"
    )
    func cardsAndChat() async throws {
        try await PortalFixture.with { f in
            let reg = try await f.raw.post(
                f.prefix + "telephony.externalcall.register",
                json: #"{"USER_ID":12,"PHONE_NUMBER":"+79160002222","TYPE":2}"#
            )
            let callID = try #require(reg.resultObject["CALL_ID"] as? String)
            #expect(f.portal.visibleCards(for: 12) == [callID])
            _ = try await f.raw.post(
                f.prefix + "telephony.externalcall.show",
                json: #"{"CALL_ID":"\#(callID)","USER_ID":[13,14]}"#
            )
            _ = try await f.raw.post(
                f.prefix + "telephony.externalcall.hide",
                json: #"{"CALL_ID":"\#(callID)","USER_ID":14}"#
            )
            #expect(f.portal.visibleCards(for: 13) == [callID])
            #expect(f.portal.visibleCards(for: 14).isEmpty)
            _ = try await f.raw.post(
                f.prefix + "telephony.externalcall.finish",
                json: #"{"CALL_ID":"\#(callID)","USER_ID":13,"DURATION":30,"ADD_TO_CHAT":1}"#
            )
            #expect(f.portal.visibleCards(for: 13).isEmpty)
            #expect(f.portal.visibleCards(for: 12) == [callID], "finish hides only the finishing user's card")
            let late = try await f.raw.post(
                f.prefix + "telephony.externalcall.hide",
                json: #"{"CALL_ID":"\#(callID)","USER_ID":12}"#
            )
            #expect(late.text.contains(#""result":false"#))
            #expect(f.portal.visibleCards(for: 12) == [callID], "hide after finish cannot close the card any more")
            #expect(f.portal.chatMessages.map(\.userID) == [13])
            let noChat = try await f.raw.post(
                f.prefix + "telephony.externalcall.register",
                json: #"{"USER_ID":12,"PHONE_NUMBER":"+79160003333","TYPE":2,"SHOW":0}"#
            )
            let second = try #require(noChat.resultObject["CALL_ID"] as? String)
            #expect(!f.portal.visibleCards(for: 12).contains(second))
            _ = try await f.raw.post(
                f.prefix + "telephony.externalcall.finish",
                json: #"{"CALL_ID":"\#(second)","USER_ID":12}"#
            )
            #expect(f.portal.chatMessages.count == 1, "ADD_TO_CHAT defaults to 0")
        }
    }

    @Test("journal records every command with its parameters and outcome")
    func journal() async throws {
        try await PortalFixture.with { f in
            _ = try await f.raw.post(f.prefix + "user.get", json: #"{"ID":12}"#)
            _ = try await f.raw.post(f.prefix + "telephony.externalcall.finish", json: #"{"CALL_ID":"x","USER_ID":12}"#)
            let entries = f.portal.journal
            #expect(entries.map(\.method) == ["user.get", "telephony.externalcall.finish"])
            #expect(entries[0].status == 200 && entries[0].result != nil)
            #expect(entries[0].params["ID"] == .int(12))
            #expect(entries[1].status == 400)
            #expect(entries[1].error?.description == "Call is not found (call should be registered prior to finishing")
        }
    }
}

extension RawHTTP {
    /// A request with a short client timeout (for hang faults).
    func sendWithTimeout(_ path: String, timeoutMillis: Int64) async throws {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "{}"))
        _ = try await HTTPClient.shared.execute(request, timeout: .milliseconds(timeoutMillis))
    }
}

@Suite("Fake Bitrix24 runtime configuration")
struct FakePortalRuntimeConfigurationTests {
    @Test("scopes, secret and rate limit change while running")
    func reconfigure() async throws {
        try await PortalFixture.with { (f: PortalFixture) async throws in
            let oldPrefix = f.prefix
            f.portal.updateConfiguration { $0.webhookSecret = "rotated" }
            #expect(try await f.raw.post(oldPrefix + "user.get", json: "{}").error == "INVALID_CREDENTIALS")
            #expect(try await f.raw.post(f.prefix + "user.get", json: "{}").status == 200)
            f.portal.updateConfiguration { $0.scopes.remove("user") }
            #expect(try await f.raw.post(f.prefix + "user.get", json: "{}").error == "insufficient_scope")
            f.portal.updateConfiguration { $0.rateLimit = .init(capacity: 1, drainPerSecond: 1) }
            #expect(try await f.raw.post(f.prefix + "scope", json: "{}").status == 200)
            #expect(try await f.raw.post(f.prefix + "scope", json: "{}").status == 503)
        }
    }
}
