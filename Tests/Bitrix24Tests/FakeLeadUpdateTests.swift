import PortalTestSupport
import Simulators
import Testing

/// The fake's `crm.lead.update` (bitrix24-api.md §14): `id` + `fields`, answers `true`, the portal's error texts.
@Suite("fake portal: crm.lead.update")
struct FakeLeadUpdateTests {
    @Test("the given fields replace the lead's (ASSIGNED_BY_ID included); the answer is true")
    func update() async throws {
        try await PortalFixture.with { f in
            let add = try await f.raw.post(
                f.prefix + "crm.lead.add",
                json: #"{"fields":{"TITLE":"Call","ASSIGNED_BY_ID":1,"PHONE":[{"VALUE":"+79165550000"}]}}"#
            )
            let id = try #require(add.result as? Int)
            let update = try await f.raw.post(
                f.prefix + "crm.lead.update",
                json: #"{"id":\#(id),"fields":{"ASSIGNED_BY_ID":"12","STATUS_ID":"IN_PROCESS"}}"#
            )
            #expect(update.result as? Bool == true)
            let get = try await f.raw.post(f.prefix + "crm.lead.get", json: #"{"id":\#(id)}"#)
            #expect(get.resultObject["ASSIGNED_BY_ID"] as? String == "12")
            #expect(get.resultObject["TITLE"] as? String == "Call")
            #expect(f.portal.crmEntity(type: "LEAD", id: id)?.statusID == "IN_PROCESS")
            let form = try await f.raw.postForm(f.prefix + "crm.lead.update", "ID=\(id)&FIELDS[ASSIGNED_BY_ID]=13")
            #expect(form.result as? Bool == true)
            #expect(f.portal.crmEntity(type: "LEAD", id: id)?.assignedByID == 13)
        }
    }

    @Test("no id, an unknown lead, no fields: the portal's errors")
    func errors() async throws {
        try await PortalFixture.with { f in
            let method = f.prefix + "crm.lead.update"
            #expect(
                try await f.raw.post(method, json: #"{"fields":{}}"#).errorDescription
                    == "ID is not defined or invalid."
            )
            #expect(try await f.raw.post(method, json: #"{"id":999999,"fields":{}}"#).errorDescription == "Not found")
            let add = try await f.raw.post(f.prefix + "crm.lead.add", json: #"{"fields":{"TITLE":"x"}}"#)
            let id = try #require(add.result as? Int)
            #expect(try await f.raw.post(method, json: #"{"id":\#(id)}"#).errorDescription == "Invalid parameters.")
        }
    }
}
