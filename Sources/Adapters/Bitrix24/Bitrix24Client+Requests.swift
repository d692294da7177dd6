extension Bitrix24Client {
    /// Sends `request` (with `callID` as its `CALL_ID`, for a request that acts on a registered call) and reads the
    /// answer; retries ``Bitrix24ErrorAction/retryLater`` failures per `retry`.
    /// - Throws: ``Bitrix24Error`` only; an answer of the wrong shape is a malformed response (given up).
    public func send<Request: Bitrix24Request>(
        _ request: Request,
        callID: String? = nil,
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> Request.Answer {
        var params = request.parameters
        if let callID { params[Request.callIDParameter] = .string(callID) }
        let response = try await call(request.method, params, retry: retry)
        do {
            return try Request.answer(from: response.result)
        } catch {
            throw malformed(request.method, error.detail)
        }
    }

    func malformed(_ method: String, _ detail: String) -> Bitrix24Error {
        Bitrix24Error(method: method, reason: .malformedResponse(status: 200, detail: detail), action: .giveUp)
    }
}
