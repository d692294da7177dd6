public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix

/// A Bitrix24 REST client: JSON POST bodies, tolerant decoding, classified errors.
///
/// The secret never appears in a log line or an error text: URLs are never logged, and every text the
/// client produces passes through the auth provider's redaction.
public final class Bitrix24Client: Sendable {
    /// Client settings.
    public struct Configuration: Sendable {
        /// Per-request timeout (the cloud itself stops at 60 s).
        public var timeout: Duration
        /// `User-Agent` (Bitrix asks for `name/version`).
        public var userAgent: String
        /// Largest answer accepted.
        public var maxResponseBytes: Int

        /// Defaults: 30 s timeout, `Switchboard/0.1`, 16 MiB answers.
        public init(
            timeout: Duration = .seconds(30),
            userAgent: String = "Switchboard/0.1",
            maxResponseBytes: Int = 16 << 20
        ) {
            self.timeout = timeout
            self.userAgent = userAgent
            self.maxResponseBytes = maxResponseBytes
        }
    }

    /// Authentication (webhook now, OAuth later).
    public let auth: any Bitrix24AuthProvider
    /// Timeouts and limits.
    public let configuration: Configuration
    let httpClient: HTTPClient
    let logger: Logger

    /// - Parameters:
    ///   - auth: how requests are authorised.
    ///   - httpClient: the HTTP client (default: ``AsyncHTTPClient/HTTPClient/bitrix24``, which follows no redirect;
    ///     not shut down by this client).
    ///   - configuration: timeouts and limits.
    ///   - logger: where calls are logged (method, status, duration; never URLs or secrets).
    public init(
        auth: any Bitrix24AuthProvider,
        httpClient: HTTPClient = .bitrix24,
        configuration: Configuration = .init(),
        logger: Logger = Logger(label: "switchboard.bitrix24")
    ) {
        self.auth = auth
        self.httpClient = httpClient
        self.configuration = configuration
        self.logger = logger
    }

    /// Calls `method` with a JSON body; retries ``Bitrix24ErrorAction/retryLater`` failures per `retry`.
    /// - Throws: ``Bitrix24Error`` only.
    public func call(
        _ method: String,
        _ params: [String: Bitrix24Value] = [:],
        retry: Bitrix24RetryPolicy = .none
    ) async throws -> Bitrix24Response {
        try await call(method, body: Bitrix24RequestBody(params), retry: retry)
    }

    func call(_ method: String, body: Bitrix24RequestBody, retry: Bitrix24RetryPolicy) async throws -> Bitrix24Response
    {
        var attempt = 1
        var askedProvider = false
        while true {
            do {
                return try await callOnce(method, body: body)
            } catch let failure as Bitrix24Error {
                if case .pausePortal = failure.action, let code = failure.code, !askedProvider,
                    await auth.credentialsRejected(code: code)
                {
                    askedProvider = true
                    continue
                }
                guard failure.action == .retryLater, attempt < retry.maxAttempts else { throw failure }
                attempt += 1
                logger.info(
                    "bitrix24 call will be retried",
                    metadata: ["method": "\(method)", "attempt": "\(attempt)"]
                )
                // Cancelled while waiting: report the failure that made us wait.
                do { try await Task.sleep(for: retry.delay(beforeAttempt: attempt)) } catch { throw failure }
            }
        }
    }

    /// One attempt, no retry.
    func callOnce(_ method: String, _ params: [String: Bitrix24Value]) async throws -> Bitrix24Response {
        try await callOnce(method, body: Bitrix24RequestBody(params))
    }

    func callOnce(_ method: String, body: Bitrix24RequestBody) async throws -> Bitrix24Response {
        let endpoint: Bitrix24AuthorizedEndpoint
        do {
            endpoint = try await auth.authorize(method: method)
        } catch {
            throw Bitrix24Error(
                method: method,
                reason: .invalidRequest(auth.redact("authorisation failed: \(error)")),
                action: .pausePortal(reason: "authorisation unavailable")
            )
        }
        let data: Data
        do {
            data = try body.encoded(adding: endpoint.bodyParameters)
        } catch {
            throw Bitrix24Error(
                method: method,
                reason: .invalidRequest("parameters are not encodable as JSON"),
                action: .giveUp
            )
        }
        var headers = endpoint.headers
        headers.append(("Content-Type", "application/json"))
        let (status, answer) = try await send(method: method, url: endpoint.url, body: data, headers: headers)
        return try decodeEnvelope(method: method, status: status, body: answer)
    }

    /// POSTs raw bytes; returns status and body. Transport failures become ``Bitrix24Error``.
    func send(
        method: String,
        url: String,
        body: Data,
        headers: [(name: String, value: String)]
    ) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: "application/json")
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(data: body))
        let started = ContinuousClock.now
        do {
            let timeout = TimeAmount.nanoseconds(
                Int64(configuration.timeout.components.seconds) * 1_000_000_000
                    + configuration.timeout.components.attoseconds / 1_000_000_000
            )
            let response = try await httpClient.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: configuration.maxResponseBytes)
            let status = Int(response.status.code)
            logger.debug(
                "bitrix24 call",
                metadata: [
                    "method": "\(method)", "status": "\(status)", "elapsed": "\(ContinuousClock.now - started)",
                ]
            )
            return (status, Data(buffer: buffer))
        } catch {
            let failure = Self.transportFailure(error, redact: auth.redact)
            let classified = Bitrix24Error(method: method, reason: .transport(failure), action: .retryLater)
            logger.warning(
                "bitrix24 call failed",
                metadata: ["method": "\(method)", "error": "\(classified.description)"]
            )
            throw classified
        }
    }

    /// Reads an answer: an error envelope (including `error: ""`) is a failure; `result` is success.
    func decodeEnvelope(method: String, status: Int, body: Data) throws -> Bitrix24Response {
        let value = Bitrix24Value(json: body)
        guard case .object(let envelope)? = value else {
            let snippet = auth.redact(String(decoding: body.prefix(120), as: UTF8.self))
            throw failure(
                method,
                .malformedResponse(status: status, detail: snippet.isEmpty ? "empty body" : snippet),
                Bitrix24ErrorClassifier.actionForMalformed(status: status)
            )
        }
        let resetAt =
            envelope["time"]?["operating_reset_at"]?.intValue.map(Double.init)
            ?? envelope["time"]?["operating_reset_at"].flatMap { if case .double(let d) = $0 { d } else { nil } }
        if let errorValue = envelope["error"] {
            let code = errorValue.stringValue ?? ""
            let description = auth.redact(envelope["error_description"]?.stringValue ?? "")
            let action = Bitrix24ErrorClassifier.action(
                status: status,
                code: code,
                description: description,
                operatingResetAt: resetAt
            )
            throw failure(method, .portal(status: status, code: code, description: description), action)
        }
        guard (200..<300).contains(status), let result = envelope["result"] else {
            throw failure(
                method,
                .malformedResponse(status: status, detail: "no result in the answer"),
                Bitrix24ErrorClassifier.actionForMalformed(status: status)
            )
        }
        return Bitrix24Response(
            result: result,
            total: envelope["total"]?.intValue,
            next: envelope["next"]?.intValue,
            operatingResetAt: resetAt.map { Date(timeIntervalSince1970: $0) },
            operating: envelope["time"]?["operating"].flatMap(Self.seconds),
            serverTime: envelope["time"]?["start"].flatMap(Self.seconds).map { Date(timeIntervalSince1970: $0) }
        )
    }

    /// A JSON number as seconds.
    private static func seconds(_ value: Bitrix24Value) -> Double? {
        switch value {
        case .double(let number): number
        case .int(let number): Double(number)
        default: nil
        }
    }

    private func failure(
        _ method: String,
        _ reason: Bitrix24Error.Reason,
        _ action: Bitrix24ErrorAction
    ) -> Bitrix24Error {
        let error = Bitrix24Error(method: method, reason: reason, action: action)
        logger.warning(
            "bitrix24 call failed",
            metadata: [
                "method": "\(method)", "status": "\(error.httpStatus.map(String.init) ?? "-")",
                "error": "\(error.description)",
            ]
        )
        return error
    }

    static func transportFailure(_ error: any Error, redact: (String) -> String) -> Bitrix24TransportFailure {
        if let http = error as? HTTPClientError {
            switch http {
            case .deadlineExceeded, .readTimeout, .writeTimeout: return .timedOut
            case .connectTimeout, .tlsHandshakeTimeout: return .cannotConnect("connect timeout")
            case .remoteConnectionClosed, .cancelled: return .connectionClosed
            case .invalidURL, .emptyHost, .emptyScheme: return .cannotConnect("invalid portal URL")
            default: return .other(redact(String(describing: http)))
            }
        }
        if error is NIOConnectionError { return .cannotConnect("connection refused or host unreachable") }
        if let io = error as? IOError, [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(io.errnoCode) {
            return .cannotConnect("connection refused or host unreachable")
        }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return .cannotConnect("connect timeout")
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: return .connectionClosed
            default: break
            }
        }
        if error is HTTPParserError { return .connectionClosed }
        return .other(redact(String(describing: type(of: error))))
    }
}
