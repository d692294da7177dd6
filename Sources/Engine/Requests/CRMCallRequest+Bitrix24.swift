extension CRMCallRequest {
    /// Validates the `data[…]` fields of a Bitrix24 event (`event` is its name, e.g. `ONEXTERNALCALLSTART`).
    /// A click-to-call needs a CALL_ID and a USER_ID (else it throws: nothing could finish it); every other value that
    /// is present but invalid is left out and named in ``refusedFields``. `ageSeconds` is how long ago Bitrix24 sent
    /// it; over `maxAgeSeconds` the request is stale.
    public init(
        event: String,
        data: [String: String],
        ageSeconds: Int,
        maxAgeSeconds: Int
    ) throws(CRMCallRequestError) {
        switch event.uppercased() {
        case "ONEXTERNALCALLSTART": self.init(kind: .clickToCall)
        case "ONEXTERNALCALLBACKSTART": self.init(kind: .callback)
        default: throw .unknownEvent(event)
        }
        self.ageSeconds = max(0, ageSeconds)
        isStale = ageSeconds > maxAgeSeconds
        var refused: [String] = []
        func field<T>(_ name: String, _ parse: (String) -> T?) -> T? {
            guard let raw = data[name], !raw.isEmpty else { return nil }
            guard let value = parse(raw) else {
                refused.append(name)
                return nil
            }
            return value
        }
        phone = field("PHONE_NUMBER", DialableNumber.parse)
        crmEntityType = field("CRM_ENTITY_TYPE") { ["CONTACT", "COMPANY", "LEAD"].contains($0) ? $0 : nil }
        crmEntityID = data["CRM_ENTITY_ID"] == "0" ? nil : field("CRM_ENTITY_ID", Self.positiveInt)
        line = field("LINE_NUMBER") { Self.isToken($0, extra: "+:", maximum: 50) ? $0 : nil }
        if kind == .clickToCall {
            guard let callID = data["CALL_ID"], Self.isToken(callID, extra: "", maximum: 128) else {
                throw .invalidCallID
            }
            guard let user = data["USER_ID"].flatMap(Self.positiveInt) else { throw .invalidUser }
            self.callID = callID
            self.user = user
            `extension` = field("EXTENSION") { text in
                text.count <= 10 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                    ? text : nil
            }
            callListID = data["CALL_LIST_ID"] == "0" ? nil : field("CALL_LIST_ID", Self.positiveInt)
            isMobile = data["IS_MOBILE"] == "1"
        }
        refusedFields = refused
    }

    /// A whole number above 0, written in ASCII digits.
    static func positiveInt(_ text: String) -> Int? {
        guard text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int(text), value > 0
        else { return nil }
        return value
    }

    /// ASCII letters, digits, `.`, `_`, `-` and the `extra` characters, 1 to `maximum` of them.
    static func isToken(_ text: String, extra: String, maximum: Int) -> Bool {
        let allowed = Set(extra.utf8)
        return (1...maximum).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                    || allowed.contains(byte)
            }
    }
}
