import Foundation
import NIOHTTP1
import PortalTestSupport
import Simulators
import Testing

/// The fake's own JSON: what it parses and how it serialises (PHP `json_encode` shapes).
@Suite("Fake Bitrix24 JSON")
struct FakeJSONTests {
    @Test("parses objects in order, integers as integers, escapes and surrogate pairs; rejects garbage")
    func parse() throws {
        let value = try #require(
            FakeJSON.parse(
                Data(#"{"b":1,"a":[true,null,2.5,"\u0417\u0432\u043e\u043d\u043e\u043a \ud83d\udcde"],"c":{}}"#.utf8)
            )
        )
        guard case .object = value else {
            Issue.record("not an object")
            return
        }
        #expect(value["b"] == .int(1))
        #expect(value["a"] == .array([.bool(true), .null, .double(2.5), .string("Звонок 📞")]))
        #expect(value.serialized == #"{"b":1,"a":[true,null,2.5,"Звонок 📞"],"c":{}}"#)
        for garbage in ["", "{", #"{"a":}"#, "[1,]", "nul", #""\x""#, "{} {}", "01x"] {
            #expect(FakeJSON.parse(Data(garbage.utf8)) == nil, "\(garbage)")
        }
    }

    @Test("PHP-style conversions: intval, string of numbers, truthiness of flags")
    func conversions() {
        #expect(FakeJSON.string(" 12 ").intValue == 12)
        #expect(FakeJSON.double(3.0).stringValue == "3")
        #expect(FakeJSON.string("N").isTruthy == false)
        #expect(FakeJSON.string("0").isTruthy == false)
        #expect(FakeJSON.string("Y").isTruthy)
        #expect(FakeJSON.int(1).isTruthy)
        #expect(FakeJSON.emptyArray.serialized == "[]")
        #expect(FakeJSON.string("a\"b\\c\n").serialized == #""a\"b\\c\n""#)
        #expect(FakeJSON.string("\u{1}x\t\r№ 📞\"").serialized == #""\u0001x\t\r№ 📞\"""#)
    }

    @Test("Cyrillic text round-trips through a JSON body and a form body")
    func cyrillic() async throws {
        try await PortalFixture.with { f in
            let json = try await f.raw.post(f.prefix + "crm.lead.add", json: #"{"fields":{"TITLE":"Входящий звонок"}}"#)
            let form = try await f.raw.postForm(
                f.prefix + "crm.lead.add",
                "fields%5BTITLE%5D=%D0%97%D0%B2%D0%BE%D0%BD%D0%BE%D0%BA"
            )
            let jsonID = try #require(json.result as? Int)
            let formID = try #require(form.result as? Int)
            #expect(f.portal.crmEntity(type: "LEAD", id: jsonID)?.title == "Входящий звонок")
            #expect(f.portal.crmEntity(type: "LEAD", id: formID)?.title == "Звонок")
            let get = try await f.raw.post(f.prefix + "crm.lead.get", json: #"{"id":\#(jsonID)}"#)
            #expect(get.resultObject["TITLE"] as? String == "Входящий звонок")
        }
    }

    @Test("garbage requests get an answer, never a crash")
    func garbage() async throws {
        try await PortalFixture.with { f in
            let method = f.prefix + "telephony.externalcall.register"
            let bodies: [(String, String)] = [
                ("application/json", "{\"USER_ID\":"),
                ("application/json", String(repeating: "[", count: 10_000)),
                ("application/json", "[1,2,3]"),
                ("application/x-www-form-urlencoded", "a[b=1&%zz=%&&=&USER_ID[][x]=2&[x]=1"),
                ("multipart/form-data; boundary=zzz", "--zzz\r\nno headers here"),
                ("multipart/form-data", "no boundary"),
                ("text/plain", "\u{0}\u{1}binary"),
            ]
            for (type, body) in bodies {
                let answer = try await f.raw.send(method, method: .POST, body: Data(body.utf8), contentType: type)
                #expect(answer.status == 400, "\(type): \(answer.text)")
                #expect(answer.errorDescription == "USER_ID or USER_PHONE_INNER should be set")
            }
            let stillAlive = try await f.raw.post(f.prefix + "user.get", json: #"{"ID":12}"#)
            #expect(stillAlive.status == 200)
        }
    }
}
