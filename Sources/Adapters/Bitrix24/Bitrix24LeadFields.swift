/// Fields of `crm.lead.add`.
public struct Bitrix24LeadFields: Sendable {
    /// `TITLE`.
    public var title: String
    /// `NAME`.
    public var name: String?
    /// `LAST_NAME`.
    public var lastName: String?
    /// `SOURCE_ID` (`CALL`, `WEB`, …).
    public var sourceID: String?
    /// `SOURCE_DESCRIPTION`.
    public var sourceDescription: String?
    /// `ASSIGNED_BY_ID`: the responsible user.
    public var assignedByID: Int?
    /// `STATUS_ID` (default `NEW`).
    public var statusID: String?
    /// `COMMENTS`.
    public var comments: String?
    /// Phone numbers with their `VALUE_TYPE` (`WORK`, `MOBILE`, …).
    public var phones: [(value: String, valueType: String)]
    /// Any other field, sent as given.
    public var extra: [String: Bitrix24Value]

    /// Lead fields; only the title is required.
    public init(
        title: String,
        name: String? = nil,
        lastName: String? = nil,
        sourceID: String? = nil,
        sourceDescription: String? = nil,
        assignedByID: Int? = nil,
        statusID: String? = nil,
        comments: String? = nil,
        phones: [(value: String, valueType: String)] = [],
        extra: [String: Bitrix24Value] = [:]
    ) {
        self.title = title
        self.name = name
        self.lastName = lastName
        self.sourceID = sourceID
        self.sourceDescription = sourceDescription
        self.assignedByID = assignedByID
        self.statusID = statusID
        self.comments = comments
        self.phones = phones
        self.extra = extra
    }

    var value: Bitrix24Value {
        var fields = extra
        fields["TITLE"] = .string(title)
        if let name { fields["NAME"] = .string(name) }
        if let lastName { fields["LAST_NAME"] = .string(lastName) }
        if let sourceID { fields["SOURCE_ID"] = .string(sourceID) }
        if let sourceDescription { fields["SOURCE_DESCRIPTION"] = .string(sourceDescription) }
        if let assignedByID { fields["ASSIGNED_BY_ID"] = .int(assignedByID) }
        if let statusID { fields["STATUS_ID"] = .string(statusID) }
        if let comments { fields["COMMENTS"] = .string(comments) }
        if !phones.isEmpty {
            fields["PHONE"] = .array(
                phones.map { .object(["VALUE": .string($0.value), "VALUE_TYPE": .string($0.valueType)]) }
            )
        }
        return .object(fields)
    }
}
