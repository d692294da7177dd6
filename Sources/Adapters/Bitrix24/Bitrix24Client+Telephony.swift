import AsyncHTTPClient
public import Foundation
import Logging
import NIOCore
import NIOPosix

extension Bitrix24Client {
    /// `telephony.externalcall.register`.
    public func registerCall(
        _ request: Bitrix24RegisterCallRequest,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> Bitrix24RegisteredCall {
        try await send(request, retry: retry)
    }

    /// `telephony.externalcall.show`: shows the card to `userIDs` (empty = the call's user).
    /// - Returns: `false` when the portal no longer knows the call (finished or never registered) — not an error.
    public func showCall(callID: String, userIDs: [Int] = [], retry: Bitrix24RetryPolicy = .none) async throws -> Bool {
        try await send(Bitrix24CardRequest(showingTo: userIDs.isEmpty ? nil : userIDs), callID: callID, retry: retry)
    }

    /// `telephony.externalcall.hide`. `false` means "the call is gone", not an error.
    public func hideCall(callID: String, userIDs: [Int] = [], retry: Bitrix24RetryPolicy = .none) async throws -> Bool {
        try await send(Bitrix24CardRequest(hidingFrom: userIDs.isEmpty ? nil : userIDs), callID: callID, retry: retry)
    }

    /// `telephony.externalcall.finish` of `callID`, retrying transient failures per `retry`.
    ///
    /// A finish whose answer was lost (timeout, dropped connection) may have finished the call; the
    /// retry then gets "Call is not found (…" and this reports ``Bitrix24FinishOutcome/alreadyFinished(callID:)``.
    /// Pass `isRetry: true` when an earlier attempt (e.g. before a restart) may have reached the portal.
    public func finishCall(
        callID: String,
        _ request: Bitrix24FinishCallRequest,
        isRetry: Bool = false,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> Bitrix24FinishOutcome {
        let method = request.method
        var params = request.parameters
        params[Bitrix24FinishCallRequest.callIDParameter] = .string(callID)
        var earlierAttemptMayHaveLanded = isRetry
        var attempt = 1
        while true {
            do {
                let response = try await callOnce(method, params)
                return .finished(Bitrix24FinishedCall(response.result, requestedCallID: callID))
            } catch let failure as Bitrix24Error {
                if failure.isCallNotFound, earlierAttemptMayHaveLanded {
                    logger.info(
                        "bitrix24 finish: call already finished by an earlier attempt",
                        metadata: ["method": "\(method)"]
                    )
                    return .alreadyFinished(callID: callID)
                }
                guard failure.action == .retryLater, attempt < retry.maxAttempts else { throw failure }
                earlierAttemptMayHaveLanded = earlierAttemptMayHaveLanded || failure.mayHaveReachedPortal
                attempt += 1
                do { try await Task.sleep(for: retry.delay(beforeAttempt: attempt)) } catch { throw failure }
            }
        }
    }

    /// `telephony.externalcall.attachrecord` with the file inline (base64). Call after finish. The base64 text (a third
    /// larger than the mp3, hundreds of kilobytes) is made on NIO's blocking thread pool and written into the body as
    /// is — base64 needs no JSON escaping — so the tasks that carry cards never spend milliseconds on it.
    /// - Returns: the Drive `FILE_ID`.
    public func attachRecord(
        callID: String,
        filename: String,
        content: Data,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> Int {
        let method = "telephony.externalcall.attachRecord"
        let literal = try await NIOThreadPool.singleton.runIfActive { Bitrix24RequestBody.base64Literal(content) }
        let response = try await call(
            method,
            body: Bitrix24RequestBody(
                ordered: [
                    ("CALL_ID", .value(.string(callID))), ("FILENAME", .value(.string(filename))),
                    ("FILE_CONTENT", .json(literal)),
                ]
            ),
            retry: retry
        )
        guard let fileID = response.result["FILE_ID"]?.intValue else {
            throw malformed(method, "no FILE_ID in the answer")
        }
        return fileID
    }

    /// `telephony.externalcall.attachrecord` in `RECORD_URL` mode: the portal downloads the file.
    public func attachRecord(
        callID: String,
        recordURL: String,
        filename: String? = nil,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> Int {
        let method = "telephony.externalcall.attachRecord"
        var params: [String: Bitrix24Value] = ["CALL_ID": .string(callID), "RECORD_URL": .string(recordURL)]
        if let filename { params["FILENAME"] = .string(filename) }
        let response = try await call(method, params, retry: retry)
        guard let fileID = response.result["FILE_ID"]?.intValue else {
            throw malformed(method, "no FILE_ID in the answer")
        }
        return fileID
    }

    /// The two-step upload: `attachrecord` with `FILENAME` only yields `uploadUrl`; the file is then POSTed
    /// as `multipart/form-data` in the field the portal names (`file`). For large records.
    /// - Returns: the Drive `FILE_ID`.
    public func uploadRecord(callID: String, filename: String, content: Data) async throws -> Int {
        let method = "telephony.externalcall.attachRecord"
        let response = try await call(method, ["CALL_ID": .string(callID), "FILENAME": .string(filename)])
        guard let uploadURL = response.result["uploadUrl"]?.nonEmptyString else {
            throw malformed(method, "no uploadUrl in the answer")
        }
        let field = response.result["fieldName"]?.nonEmptyString ?? "file"
        let boundary = "switchboard-\(UUID().uuidString)"
        var body = Data()
        let safeName = filename.replacingOccurrences(of: "\"", with: "")
        body.append(
            Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(safeName)\"\r\n".utf8
            )
        )
        body.append(Data("Content-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(content)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let url =
            URL(string: uploadURL) != nil
            ? uploadURL
            : uploadURL.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.union(.urlPathAllowed))
                ?? uploadURL
        let (status, answer) = try await send(
            method: "upload",
            url: url,
            body: body,
            headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")]
        )
        let decoded = try decodeEnvelope(method: "upload", status: status, body: answer)
        guard let fileID = decoded.result["FILE_ID"]?.intValue else {
            throw malformed("upload", "no FILE_ID in the answer")
        }
        return fileID
    }

    /// `telephony.externalcall.searchcrmentities`: contacts, then leads, then companies; `[]` when none.
    public func searchCrmEntities(
        phoneNumber: String,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> [Bitrix24CrmMatch] {
        try await send(Bitrix24CrmSearchRequest(phoneNumber: phoneNumber), retry: retry)
    }
}
