public import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore

/// `POST /bitrix24/events` on the public listener: where Bitrix24's queue posts `ONEXTERNALCALLSTART` and
/// `ONEXTERNALCALLBACKSTART` (outbound webhook). It answers at once and never does the work itself: an event that
/// passes every check goes to `submit`, which queues it for the daemon.
///
/// Checks, in order, each answered with a JSON error and no side effect: the source is allowed (403
/// `source_not_allowed`); its rate (429 `rate_limited`, per source); the body's size (413 `body_too_large`, also when
/// `Content-Length` announces it) and the time it takes to arrive (408 `body_timeout`); the form (400
/// `malformed_body`: no `event`); the token (401 `missing_token`, 403 `wrong_token`, `wrong_portal`,
/// `not_configured`). Then `submit` decides: 200 `accepted`, `duplicate` or `ignored`, 400 `invalid_event`,
/// 503 `busy`. Error bodies never echo the request.
public struct Bitrix24EventEndpoint: Sendable {
    /// Limits of the endpoint.
    public struct Limits: Sendable {
        /// The largest body read (real events are about 1 KiB).
        public var maximumBodyBytes: Int
        /// How long the body may take to arrive.
        public var bodyTimeout: Duration
        /// Requests per second per source, and the burst.
        public var perSourcePerSecond: Double
        public var perSourceBurst: Int

        /// Limits; by default 64 KiB, 10 s, 5 requests/s per source with bursts of 20.
        public init(
            maximumBodyBytes: Int = 64 * 1024,
            bodyTimeout: Duration = .seconds(10),
            perSourcePerSecond: Double = 5,
            perSourceBurst: Int = 20
        ) {
            self.maximumBodyBytes = maximumBodyBytes
            self.bodyTimeout = bodyTimeout
            self.perSourcePerSecond = perSourcePerSecond
            self.perSourceBurst = perSourceBurst
        }
    }

    let credentials: Bitrix24EventCredentials
    let sources: SourcePolicy
    let limits: Limits
    let limiter: SourceRateLimiter
    let submit: @Sendable (Bitrix24PostedEvent) -> Bitrix24EventVerdict
    let clock: @Sendable () -> Date

    /// An endpoint checking `credentials` and `sources` within `limits`, handing accepted events to `submit` (which
    /// must not block: it queues). `clock` gives the receive time (default: now).
    public init(
        credentials: Bitrix24EventCredentials,
        sources: SourcePolicy = SourcePolicy(),
        limits: Limits = Limits(),
        clock: @escaping @Sendable () -> Date = { Date() },
        submit: @escaping @Sendable (Bitrix24PostedEvent) -> Bitrix24EventVerdict
    ) {
        self.credentials = credentials
        self.sources = sources
        self.limits = limits
        self.limiter = SourceRateLimiter(perSecond: limits.perSourcePerSecond, burst: limits.perSourceBurst)
        self.submit = submit
        self.clock = clock
    }

    /// Answers one request.
    func respond(to request: Request, context: PublicRequestContext) async -> Response {
        let source = sources.source(
            peer: context.remoteAddress,
            forwardedFor: request.headers[values: .init("X-Forwarded-For")!]
        )
        guard sources.isAllowed(source) else { return refuse(.forbidden, "source_not_allowed") }
        guard limiter.allow(source) else {
            var response = refuse(.tooManyRequests, "rate_limited")
            response.headers[.retryAfter] = "1"
            return response
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.maximumBodyBytes {
            return refuse(.contentTooLarge, "body_too_large", close: true)
        }
        let body: ByteBuffer
        switch await readBody(request) {
        case .success(let buffer): body = buffer
        case .failure(.tooLarge): return refuse(.contentTooLarge, "body_too_large", close: true)
        case .failure(.timedOut): return refuse(.requestTimeout, "body_timeout", close: true)
        case .failure(.broken): return refuse(.badRequest, "malformed_body", close: true)
        }
        let form = Bitrix24EventForm(body: String(decoding: body.readableBytesView, as: UTF8.self))
        guard let event = form["event"], !event.isEmpty else { return refuse(.badRequest, "malformed_body") }
        if let refusal = credentials.refusal(of: form.group("auth")) {
            context.logger.warning(
                "Bitrix24 event refused",
                metadata: ["reason": "\(refusal.rawValue)", "source": "\(Self.describe(source))"]
            )
            return refuse(
                refusal == .missingToken ? .unauthorized : .forbidden,
                refusal.rawValue,
                event: Self.metricName(of: event)
            )
        }
        let posted = Bitrix24PostedEvent(
            event: event,
            data: form.group("data"),
            sentAt: form["ts"].flatMap(Double.init).map { Date(timeIntervalSince1970: $0) },
            receivedAt: clock()
        )
        let verdict = submit(posted)
        let name = Self.metricName(of: event)
        switch verdict {
        case .accepted: return answer(.ok, ["result": "accepted"], event: name, result: "accepted")
        case .duplicate: return answer(.ok, ["result": "duplicate"], event: name, result: "duplicate")
        case .ignored: return answer(.ok, ["result": "ignored"], event: name, result: "ignored")
        case .invalid(let reason):
            context.logger.warning("Bitrix24 event invalid", metadata: ["event": "\(name)", "reason": "\(reason)"])
            return answer(
                .badRequest,
                ["error": "invalid_event", "error_description": reason],
                event: name,
                result: "invalid"
            )
        case .busy:
            var response = answer(.serviceUnavailable, ["error": "busy"], event: name, result: "busy")
            response.headers[.retryAfter] = "1"
            return response
        }
    }

    enum BodyFailure: Error {
        case tooLarge, timedOut, broken
    }

    /// The body, up to the size limit, within the time limit.
    func readBody(_ request: Request) async -> Result<ByteBuffer, BodyFailure> {
        let limit = limits.maximumBodyBytes
        let timeout = limits.bodyTimeout
        return await withTaskGroup(of: Result<ByteBuffer, BodyFailure>?.self) { group in
            group.addTask {
                do {
                    return .success(try await request.body.collect(upTo: limit))
                } catch is NIOTooManyBytesError {
                    return .failure(.tooLarge)
                } catch {
                    return Task.isCancelled ? nil : .failure(.broken)
                }
            }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return nil }
                return .failure(.timedOut)
            }
            var outcome: Result<ByteBuffer, BodyFailure> = .failure(.broken)
            while let next = await group.next() {
                guard let next else { continue }
                outcome = next
                break
            }
            group.cancelAll()
            return outcome
        }
    }

    /// A refusal: `{"error": code}`; `close` asks the client to close the connection (its body was not read whole).
    private func refuse(
        _ status: HTTPResponse.Status,
        _ code: String,
        event: String = "unknown",
        close: Bool = false
    ) -> Response {
        var response = answer(status, ["error": code], event: event, result: code)
        if close { response.headers[.connection] = "close" }
        return response
    }

    private func answer(
        _ status: HTTPResponse.Status,
        _ fields: [String: String],
        event: String,
        result: String
    ) -> Response {
        SwitchboardMetrics.bitrix24Events(event: event, result: result).increment()
        let body = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }

    /// A bounded metric label for an event name.
    static func metricName(of event: String) -> String {
        switch event.uppercased() {
        case "ONEXTERNALCALLSTART": "click_to_call"
        case "ONEXTERNALCALLBACKSTART": "callback_requested"
        default: "other"
        }
    }

    /// A source for logs: the address, or `unknown`.
    static func describe(_ source: [UInt8]) -> String {
        switch source.count {
        case 4: source.map(String.init).joined(separator: ".")
        case 16:
            stride(from: 0, to: 16, by: 2).map { String(UInt16(source[$0]) << 8 | UInt16(source[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        default: "unknown"
        }
    }
}
