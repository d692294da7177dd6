import Foundation
import OrderedCollections

extension FakePortalState {
    /// `telephony.externalcall.show` / `.hide`: `true` when the call is live, `false` otherwise
    /// (including after `finish`) — never an error. `USER_ID` may be one id or a list.
    mutating func showOrHide(_ params: FakeJSONObject, visible: Bool) throws -> FakeMethodOutput {
        guard let callID = params["CALL_ID"]?.stringValue, let call = liveCalls[callID] else {
            return FakeMethodOutput(.bool(false))
        }
        var targets: [Int]
        switch params["USER_ID"] {
        case .none, .some(.null): targets = [call.userID]
        case .some(let value):
            targets = value.listValue.compactMap(\.intValue).filter { $0 > 0 }
            if targets.isEmpty { targets = [call.userID] }
        }
        for user in targets { setCard(callID, for: user, visible: visible) }
        return FakeMethodOutput(.bool(true))
    }

    /// `telephony.externalcall.finish`: deletes the live call, hides the finishing user's card only,
    /// reassigns auto-created entities, creates the activity and the statistics row.
    mutating func finish(_ params: FakeJSONObject, _ context: FakeCallContext) throws -> FakeMethodOutput {
        var userID = params["USER_ID"]?.intValue ?? 0
        if userID <= 0, let ext = params["USER_PHONE_INNER"]?.stringValue, let user = activeUser(withExtension: ext) {
            userID = user.id
        }
        guard userID > 0 else { throw FakeMethodError.method("USER_ID or USER_PHONE_INNER should be set") }
        guard let rawCallID = params["CALL_ID"], rawCallID.isString, let callID = rawCallID.stringValue else {
            throw FakeMethodError(status: 400, code: "INVALID_ARGUMENT", description: "CALL_ID must be a string")
        }
        guard let call = liveCalls[callID] else {
            throw FakeMethodError.method("Call is not found (call should be registered prior to finishing")
        }
        guard let user = users[userID], user.active else {
            throw FakeMethodError.method("User is not found or is not active")
        }

        let duration = max(0, params["DURATION"]?.intValue ?? 0)
        let statusCode =
            params["STATUS_CODE"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? (duration > 0 ? "200" : "304")
        for ref in call.createdEntities {
            crm[ref]?.assignedByID = user.id
        }
        var activityID: Int?
        var errors: FakeJSONObject = [:]
        if call.crmEntityType != nil, call.crmEntityID != nil {
            activityID = nextActivityID
            nextActivityID += 1
        } else {
            errors["ACTIVITY_CREATION"] = .string("Could not find associated crm entity for the current call")
        }
        let statisticID = nextStatisticID
        nextStatisticID += 1
        removeLiveCall(callID)
        if visibleCards[userID]?.contains(callID) == true { setCard(callID, for: userID, visible: false) }
        finishedCalls[callID] = FakeBitrix24FinishedCall(
            statisticID: statisticID,
            call: call,
            userID: userID,
            duration: duration,
            statusCode: statusCode,
            activityID: activityID,
            record: nil
        )
        if params["ADD_TO_CHAT"]?.isTruthy == true {
            chatMessages.append(
                FakeBitrix24ChatMessage(
                    userID: userID,
                    callID: callID,
                    text: "Call \(call.type == 1 ? "to" : "from") \(call.phone): \(statusCode), \(duration) s"
                )
            )
        }

        var result: FakeJSONObject = [
            "CALL_ID": .string(callID),
            "EXTERNAL_CALL_ID": .string(call.externalCallID),
            "PORTAL_USER_ID": .int(userID),
            "PHONE_NUMBER": .string(call.phone),
            "PORTAL_NUMBER": .string(call.lineNumber),
            "INCOMING": .string(String(call.type)),
            "CALL_DURATION": .int(duration),
            "CALL_START_DATE": .object([:]),
            "CALL_STATUS": .int(duration > 0 ? 1 : 0),
            "CALL_VOTE": .int(params["VOTE"]?.intValue ?? 0),
            "COST": .int(params["COST"]?.intValue ?? 0),
            "COST_CURRENCY": .string(params["COST_CURRENCY"]?.stringValue ?? ""),
            "CALL_FAILED_CODE": .string(statusCode),
            "CALL_FAILED_REASON": .string(params["FAILED_REASON"]?.stringValue ?? ""),
            "REST_APP_ID": .null,
            "REST_APP_NAME": .bool(false),
            "CRM_ACTIVITY_ID": activityID.map(FakeJSON.int) ?? .null,
            "COMMENT": .null,
            "ID": .int(statisticID),
        ]
        if let type = call.crmEntityType, let id = call.crmEntityID {
            result["CRM_ENTITY_TYPE"] = .string(type)
            result["CRM_ENTITY_ID"] = .int(id)
        }
        if !errors.isEmpty { result["ERRORS"] = .object(errors) }
        return FakeMethodOutput(.object(result))
    }

    /// `telephony.externalcall.attachrecord`: only after finish; inline base64, `RECORD_URL`, or the
    /// two-step `uploadUrl`. A second record replaces the first. As in the source (`Rest\Helper::attachRecord`),
    /// a request without `FILE_CONTENT` gets its `uploadUrl` before `FILENAME` is checked: the uploaded part's own
    /// name is what counts.
    mutating func attachRecord(_ params: FakeJSONObject, _ context: FakeCallContext) throws -> FakeMethodOutput {
        let recordURL = params["RECORD_URL"]?.stringValue ?? ""
        let filenameParam = params["FILENAME"]?.stringValue
        guard !recordURL.isEmpty || filenameParam != nil else {
            throw FakeMethodError.method(
                "Required parameters are not set. Request should contain or URL or FILENAME parameter"
            )
        }
        let callID = params["CALL_ID"]?.stringValue ?? ""
        guard finishedCalls[callID] != nil else {
            throw FakeMethodError.method("Call is not found in the statistic table. Looks like it is not finished yet.")
        }
        if !recordURL.isEmpty {
            let filename = filenameParam ?? URL(string: recordURL)?.lastPathComponent ?? ""
            try Self.validateRecordName(filename)
            return FakeMethodOutput(
                .object(["FILE_ID": .int(storeRecord(callID, filename, Data(), sourceURL: recordURL))])
            )
        }
        let filename = filenameParam ?? ""
        if let content = params["FILE_CONTENT"] {
            try Self.validateRecordName(filename)
            let text = content.stringValue ?? ""
            guard !text.isEmpty else { throw FakeMethodError.method("File content is empty.") }
            guard let bytes = Data(base64Encoded: text, options: [.ignoreUnknownCharacters]), !bytes.isEmpty else {
                throw FakeMethodError.method("File content is not properly encoded. Base64 encoding is expected.")
            }
            return FakeMethodOutput(.object(["FILE_ID": .int(storeRecord(callID, filename, bytes, sourceURL: nil))]))
        }
        let token = Self.makeCallID(now: context.now).split(separator: ".")[1]
        pendingUploads[String(token)] = (callID, filename)
        let auth = String(Self.makeCallID(now: context.now).split(separator: ".")[1].prefix(20))
        return FakeMethodOutput(
            .object([
                "uploadUrl": .string("\(context.baseURL)/rest/upload.json?auth=\(auth)&token=telephony%7C\(token)"),
                "fieldName": .string("file"),
            ])
        )
    }

    /// The multipart field of the two-step upload (`fieldName` in the first step's answer).
    static let uploadField = "file"

    /// The second step of a two-step upload: `POST uploadUrl` with the file in field `file`. As in the source
    /// (`Rest\Helper::uploadRecord`): the part's own file name is stored and must end in wav or mp3, the call must be
    /// finished. FAKE: a token serves once; an empty part is refused like empty inline content.
    mutating func completeUpload(token: String, file: (filename: String, content: Data)?) throws -> FakeMethodOutput {
        guard let pending = pendingUploads[token] else {
            throw FakeMethodError(status: 400, code: "ERROR_UPLOAD", description: "Upload token is invalid or expired")
        }
        guard let file else {
            throw FakeMethodError.method("Error: required parameter \(Self.uploadField) is not found")
        }
        let ext = file.filename.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard file.filename.contains("."), ext == "mp3" || ext == "wav" else {
            throw FakeMethodError.method("Wrong file extension. Only wav and mp3 are allowed")
        }
        guard finishedCalls[pending.callID] != nil else {
            throw FakeMethodError.method("Call is not found in the statistic table. Looks like it is not finished yet.")
        }
        guard !file.content.isEmpty else { throw FakeMethodError.method("File content is empty.") }
        pendingUploads[token] = nil
        return FakeMethodOutput(
            .object(["FILE_ID": .int(storeRecord(pending.callID, file.filename, file.content, sourceURL: nil))])
        )
    }

    private mutating func storeRecord(_ callID: String, _ filename: String, _ content: Data, sourceURL: String?) -> Int
    {
        let fileID = nextFileID
        nextFileID += 1
        finishedCalls[callID]?.record = FakeBitrix24Record(
            fileID: fileID,
            filename: filename,
            content: content,
            sourceURL: sourceURL
        )
        return fileID
    }

    private static func validateRecordName(_ filename: String) throws {
        guard !filename.isEmpty else { throw FakeMethodError.method("File name is empty") }
        let ext = filename.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard filename.contains("."), ext == "mp3" || ext == "wav" else {
            throw FakeMethodError.method("Wrong file extension. Only wav and mp3 are allowed")
        }
    }

    /// `telephony.externalcall.searchcrmentities`: contacts → leads → companies, `[]` when none.
    func searchCrmEntities(_ params: FakeJSONObject) throws -> FakeMethodOutput {
        let phone = params["PHONE_NUMBER"]?.stringValue ?? ""
        guard !phone.isEmpty else { throw FakeMethodError.method("PHONE_NUMBER is empty") }
        let found = entities(matchingPhone: phone).map { entity -> FakeJSON in
            let owner = users[entity.assignedByID]
            let displayName =
                entity.type == "COMPANY" || (entity.name.isEmpty && entity.lastName.isEmpty)
                ? entity.title : [entity.name, entity.lastName].filter { !$0.isEmpty }.joined(separator: " ")
            return .object([
                "CRM_ENTITY_TYPE": .string(entity.type),
                "CRM_ENTITY_ID": .int(entity.id),
                "ASSIGNED_BY_ID": .int(entity.assignedByID),
                "NAME": .string(displayName),
                "ASSIGNED_BY": .object([
                    "ID": .string(String(entity.assignedByID)),
                    "TIMEMAN_STATUS": .string(owner?.timemanStatus ?? "UNAVAILABLE"),
                    "USER_PHONE_INNER": owner?.phoneInner.map(FakeJSON.string) ?? .null,
                    "WORK_PHONE": owner.flatMap { $0.workPhone.isEmpty ? nil : FakeJSON.string($0.workPhone) } ?? .null,
                    "PERSONAL_PHONE": .null,
                    "PERSONAL_MOBILE": owner.flatMap {
                        $0.personalMobile.isEmpty ? nil : FakeJSON.string($0.personalMobile)
                    } ?? .null,
                ]),
            ])
        }
        return FakeMethodOutput(.array(found))
    }
}
