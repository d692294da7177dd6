import Foundation
import Hummingbird
import NIOCore
import OrderedCollections
import Synchronization

extension FakeBitrix24 {
    /// One HTTP request: route, decode, faults, rate limit, auth, method, envelope, journal.
    func respond(to request: Request, context: FakePortalRequestContext) async -> Response {
        let arrived = FakeArrivalStamp.arrival(of: request) ?? Date()
        var request = request
        let now = clock.now
        let configuration = self.configuration
        let segments = request.uri.path.split(separator: "/").map(String.init)
        guard segments.first == "rest", segments.count >= 2 else {
            return Self.envelope(status: 404, error: ("ERROR_METHOD_NOT_FOUND", "Method not found!"), now: now)
        }
        let body = (try? await request.collectBody(upTo: context.maxUploadSize)) ?? ByteBuffer()
        let decoded = Self.decodeParameters(
            query: request.uri.query ?? "",
            body: Data(body.readableBytesView),
            contentType: request.headers[.contentType] ?? ""
        )
        var callContext = FakeCallContext(now: now, configuration: configuration, baseURL: baseURL, inBatch: false)
        callContext.receivedAt = arrived

        // `/rest/upload.json?…&token=…`: the second step of a two-step record upload (faults and the rate limit apply).
        let isUpload = segments.count == 2 && segments[1].lowercased() == "upload.json"
        guard segments.count >= 4 || isUpload else {
            // `/rest/{method}` is the OAuth route: no token here.
            return Self.envelope(status: 401, error: ("NO_AUTH_FOUND", "Wrong authorization data"), now: now)
        }
        var method = isUpload ? "upload" : segments[3].lowercased()
        for suffix in [".json", ".xml"] where method.hasSuffix(suffix) { method.removeLast(suffix.count) }
        let params = decoded.params

        // Faults and the rate limit act before anything else.
        let admission = state.withLock { state -> (fault: FakeBitrix24Fault?, limited: Bool) in
            if let index = state.faults.firstIndex(where: { $0.method == nil || $0.method == method }) {
                let fault = state.faults[index].fault
                state.faults[index].remaining -= 1
                if state.faults[index].remaining <= 0 { state.faults.remove(at: index) }
                switch fault {
                case .error(let status, let code, let description):
                    state.journal(
                        method: method,
                        params: .object(params),
                        status: status,
                        result: nil,
                        error: (code, description),
                        inBatch: false,
                        fault: fault,
                        receivedAt: arrived
                    )
                case .hang, .dropConnection:
                    // No answer at all: status 0.
                    state.journal(
                        method: method,
                        params: .object(params),
                        status: 0,
                        result: nil,
                        error: nil,
                        inBatch: false,
                        fault: fault,
                        receivedAt: arrived
                    )
                case .dropAfterProcessing:
                    break  // journaled when the method runs
                }
                return (fault, false)
            }
            if var limiter = state.rateLimiter {
                let admitted = limiter.admit(at: now)
                state.rateLimiter = limiter
                if !admitted {
                    state.journal(
                        method: method,
                        params: .object(params),
                        status: 503,
                        result: nil,
                        error: ("QUERY_LIMIT_EXCEEDED", "Too many requests"),
                        inBatch: false,
                        receivedAt: arrived
                    )
                    return (nil, true)
                }
            }
            return (nil, false)
        }
        if admission.limited {
            return Self.envelope(status: 503, error: ("QUERY_LIMIT_EXCEEDED", "Too many requests"), now: now)
        }
        switch admission.fault {
        case .error(let status, let code, let description):
            return Self.envelope(status: status, error: (code, description), now: now)
        case .hang:
            try? await Task.sleep(for: .seconds(configuration.hangSeconds))
            return await Self.dropped(context)
        case .dropConnection:
            return await Self.dropped(context)
        case .dropAfterProcessing, .none:
            break
        }
        if isUpload {
            let response = upload(
                decoded,
                now: now,
                receivedAt: arrived,
                methodErrorCode: configuration.methodErrorCode
            )
            if admission.fault == .dropAfterProcessing { return await Self.dropped(context) }
            return response
        }

        let response = state.withLock { state -> Response in
            let error: FakeMethodError
            if configuration.requireHTTPS {
                error = FakeMethodError(status: 400, code: "INVALID_REQUEST", description: "Https required.")
            } else if segments[1] != String(configuration.webhookUserID) || segments[2] != configuration.webhookSecret {
                error = FakeMethodError(
                    status: 401,
                    code: "INVALID_CREDENTIALS",
                    description: "Invalid request credentials"
                )
            } else {
                do {
                    let output = try state.run(method: method, params: params, context: callContext)
                    state.journal(
                        method: method,
                        params: .object(params),
                        status: 200,
                        result: output.result,
                        error: nil,
                        inBatch: false,
                        fault: admission.fault,
                        receivedAt: arrived
                    )
                    return Self.envelope(status: 200, output: output, now: now)
                } catch let failure as FakeMethodError {
                    error = failure
                } catch {
                    return Self.envelope(status: 500, error: ("ERROR_CORE", "\(error)"), now: now)
                }
            }
            let code = error.code ?? configuration.methodErrorCode
            state.journal(
                method: method,
                params: .object(params),
                status: error.status,
                result: nil,
                error: (code, error.description),
                inBatch: false,
                fault: admission.fault,
                receivedAt: arrived
            )
            let resetAt = error.status == 429 ? state.blockedMethods[method] : nil
            return Self.envelope(
                status: error.status,
                error: (code, error.description),
                now: now,
                operatingResetAt: resetAt
            )
        }
        if admission.fault == .dropAfterProcessing { return await Self.dropped(context) }
        return response
    }

    /// Closes the connection; the response returned afterwards is never written.
    private static func dropped(_ context: FakePortalRequestContext) async -> Response {
        try? await context.channel.close()
        return Response(status: .internalServerError)
    }

    /// Query string merged with the body (the body wins), whatever its encoding.
    static func decodeParameters(
        query: String,
        body: Data,
        contentType: String
    )
        -> (params: FakeJSONObject, files: [String: (filename: String, content: Data)])
    {
        var params = FakeRequestParameters.parseForm(query)
        var files: [String: (filename: String, content: Data)] = [:]
        let type = contentType.lowercased()
        var bodyParams: FakeJSONObject = [:]
        if type.hasPrefix("application/json") {
            if case .object(let object)? = FakeJSON.parse(body) { bodyParams = object }
        } else if type.hasPrefix("multipart/form-data"),
            let boundary = contentType.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") }).map({ String($0.dropFirst(9)) })
        {
            let unquoted = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let parsed = FakeRequestParameters.parseMultipart(body, boundary: unquoted)
            bodyParams = parsed.fields
            files = parsed.files
        } else if !body.isEmpty {
            bodyParams = FakeRequestParameters.parseForm(String(decoding: body, as: UTF8.self))
        }
        for (key, value) in bodyParams { params[key] = value }
        return (params, files)
    }

    static func envelope(status: Int, output: FakeMethodOutput, now: Double) -> Response {
        var body: FakeJSONObject = ["result": output.result]
        if let next = output.next { body["next"] = .int(next) }
        if let total = output.total { body["total"] = .int(total) }
        body["time"] = FakePortalState.timeBlock(now)
        return jsonResponse(status: status, .object(body))
    }

    static func envelope(
        status: Int,
        error: (code: String, description: String),
        now: Double,
        operatingResetAt: Double? = nil
    ) -> Response {
        var body: FakeJSONObject = ["error": .string(error.code), "error_description": .string(error.description)]
        if let operatingResetAt {
            body["time"] = .object(["operating_reset_at": .int(Int(operatingResetAt)), "operating": .double(480)])
        }
        return jsonResponse(status: status, .object(body))
    }

    private static func jsonResponse(_ status: Int, _ json: FakeJSON) -> Response {
        jsonResponse(status: status, json)
    }

    private static func jsonResponse(status: Int, _ json: FakeJSON) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: json.serialized))
        )
    }
}
