import Adapters
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import TestSupport
import Testing

/// `POST /bitrix24/events` over real HTTP on loopback: every refusal answered with JSON and no side effect (nothing
/// submitted), accepted events handed over at once, and a listener that survives slow and malformed clients.
@Suite("Public HTTP server: Bitrix24 events")
struct Bitrix24EventEndpointTests {
    static let token = "jvh9y1ulvt2m6k5or90v9mg8nn32ozas"

    final class Submissions: Sendable {
        let posted = Mutex<[Bitrix24PostedEvent]>([])
        let verdict: Mutex<Bitrix24EventVerdict> = Mutex(.accepted)

        func submit(_ event: Bitrix24PostedEvent) -> Bitrix24EventVerdict {
            posted.withLock { $0.append(event) }
            return verdict.withLock { $0 }
        }

        var count: Int { posted.withLock { $0.count } }
    }

    static func withEndpoint(
        limits: Bitrix24EventEndpoint.Limits = .init(),
        sources: SourcePolicy = SourcePolicy(),
        idleTimeout: Duration = .seconds(30),
        logs: LogCapture = LogCapture(),
        _ body: (_ port: Int, _ submissions: Submissions) async throws -> Void
    ) async throws {
        let submissions = Submissions()
        let endpoint = Bitrix24EventEndpoint(
            credentials: Bitrix24EventCredentials(token: token, domain: "acme.bitrix24.ru"),
            sources: sources,
            limits: limits,
            submit: { submissions.submit($0) }
        )
        let server = PublicServer(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            health: HealthRegistry(),
            events: endpoint,
            idleTimeout: idleTimeout,
            logger: logs.logger
        )
        let running = Task { try await server.run() }
        defer { running.cancel() }
        let port = try await server.listeningPort()
        try await body(port, submissions)
        running.cancel()
        _ = await running.result
    }

    static func form(token: String? = token, domain: String = "acme.bitrix24.ru", extra: String = "") -> String {
        "event=ONEXTERNALCALLSTART&data%5BCALL_ID%5D=externalCall.1.2&data%5BUSER_ID%5D=12"
            + "&data%5BPHONE_NUMBER%5D=%2B7+916+123-45-67&ts=1773236988&auth%5Bdomain%5D=\(domain)"
            + (token.map { "&auth%5Bapplication_token%5D=\($0)" } ?? "") + extra
    }

    static func post(
        _ port: Int,
        _ body: String
    ) async throws -> (status: Int, json: [String: String], headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/bitrix24/events")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let json =
            (try? JSONSerialization.jsonObject(with: Data(String(buffer: bytes).utf8))) as? [String: String] ?? [:]
        #expect(response.headers.first(name: "content-type") == "application/json")
        return (Int(response.status.code), json, response.headers)
    }

    @Test("an event with the right token is handed over at once and answered 200 accepted")
    func accepted() async throws {
        try await Self.withEndpoint { port, submissions in
            let answer = try await Self.post(port, Self.form())
            #expect(answer.status == 200 && answer.json == ["result": "accepted"])
            let posted = try #require(submissions.posted.withLock { $0.first })
            #expect(posted.event == "ONEXTERNALCALLSTART")
            #expect(
                posted.data == ["CALL_ID": "externalCall.1.2", "USER_ID": "12", "PHONE_NUMBER": "+7 916 123-45-67"]
            )
            #expect(posted.sentAt == Date(timeIntervalSince1970: 1_773_236_988))
        }
    }

    @Test("the daemon's verdicts: duplicate and ignored are 200, invalid 400 with its reason, busy 503 Retry-After")
    func verdicts() async throws {
        try await Self.withEndpoint { port, submissions in
            let cases: [(Bitrix24EventVerdict, Int, [String: String])] = [
                (.duplicate, 200, ["result": "duplicate"]), (.ignored, 200, ["result": "ignored"]),
                (.invalid("no CALL_ID"), 400, ["error": "invalid_event", "error_description": "no CALL_ID"]),
                (.busy, 503, ["error": "busy"]),
            ]
            for (verdict, status, json) in cases {
                submissions.verdict.withLock { $0 = verdict }
                let answer = try await Self.post(port, Self.form())
                #expect(answer.status == status && answer.json == json, "\(verdict)")
                if verdict == .busy { #expect(answer.headers.first(name: "retry-after") == "1") }
            }
        }
    }

    @Test(
        "missing or wrong token, another portal, no event: refused with JSON, nothing handed over, token never logged"
    )
    func refusals() async throws {
        let logs = LogCapture()
        try await Self.withEndpoint(logs: logs) { port, submissions in
            let cases: [(String, Int, String)] = [
                (Self.form(token: nil), 401, "missing_token"), (Self.form(token: ""), 401, "missing_token"),
                (Self.form(token: "jvh9y1ulvt2m6k5or90v9mg8nn32ozaX"), 403, "wrong_token"),
                (Self.form(domain: "evil.bitrix24.ru"), 403, "wrong_portal"),
                ("data%5BCALL_ID%5D=1&auth%5Bapplication_token%5D=\(Self.token)", 400, "malformed_body"),
                ("", 400, "malformed_body"),
            ]
            for (body, status, code) in cases {
                let answer = try await Self.post(port, body)
                #expect(answer.status == status && answer.json == ["error": code], "\(code)")
            }
            #expect(submissions.count == 0)
        }
        #expect(!logs.all.joined().contains("jvh9y1ulvt2m6k5or90v9mg8nn32oza"))
        #expect(logs.all.contains { $0.contains("wrong_token") })
    }

    @Test("an oversized body is refused 413, announced or streamed; nothing handed over; the listener goes on")
    func oversized() async throws {
        try await Self.withEndpoint(limits: .init(maximumBodyBytes: 4096), idleTimeout: .seconds(3)) {
            port,
            submissions in
            let padding = "&data%5BNOTE%5D=" + String(repeating: "x", count: 5000)
            let announced = try await Self.post(port, Self.form() + padding)
            #expect(announced.status == 413 && announced.json == ["error": "body_too_large"])
            let chunk = Self.form() + padding
            let streamed = try await PublicServerTests.rawExchange(
                port: port,
                bytes: Array(
                    ("POST /bitrix24/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n0\r\n\r\n").utf8
                )
            )
            #expect(streamed.hasPrefix("HTTP/1.1 413"))
            #expect(submissions.count == 0)
            #expect(try await Self.post(port, Self.form()).status == 200)
        }
    }

    @Test("each source has its own rate: past its burst it gets 429, and a source off the allowlist gets 403")
    func rateAndAllowlist() async throws {
        try await Self.withEndpoint(limits: .init(perSourcePerSecond: 0.001, perSourceBurst: 2)) { port, submissions in
            #expect(try await Self.post(port, Self.form()).status == 200)
            #expect(try await Self.post(port, Self.form()).status == 200)
            let limited = try await Self.post(port, Self.form())
            #expect(limited.status == 429 && limited.json == ["error": "rate_limited"])
            #expect(limited.headers.first(name: "retry-after") == "1")
            #expect(submissions.count == 2)
        }
        try await Self.withEndpoint(sources: SourcePolicy(isAllowed: { $0 == [192, 0, 2, 1] })) { port, submissions in
            let refused = try await Self.post(port, Self.form())
            #expect(refused.status == 403 && refused.json == ["error": "source_not_allowed"])
            #expect(submissions.count == 0)
        }
    }

    @Test("a client that stops in the middle of its head is closed after the idle time; others are served meanwhile")
    func slowHead() async throws {
        try await Self.withEndpoint(idleTimeout: .seconds(2)) { port, submissions in
            let stalled = Task {
                try await PublicServerTests.rawExchange(
                    port: port,
                    bytes: Array("POST /bitrix24/events HTTP/1.1\r\nHost: x\r\nContent-Le".utf8)
                )
            }
            #expect(try await Self.post(port, Self.form()).status == 200)
            let answer = try await stalled.value
            #expect(answer.isEmpty, "closed without an answer: \(answer)")
            #expect(submissions.count == 1)
        }
    }

    @Test("a body that does not arrive in time is answered 408 and the connection closed; garbage gets 400")
    func slowBodyAndGarbage() async throws {
        let limits = Bitrix24EventEndpoint.Limits(bodyTimeout: .milliseconds(500))
        try await Self.withEndpoint(limits: limits, idleTimeout: .seconds(3)) { port, submissions in
            let partial = try await PublicServerTests.rawExchange(
                port: port,
                bytes: Array("POST /bitrix24/events HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\nevent=ONEXT".utf8)
            )
            #expect(partial.hasPrefix("HTTP/1.1 408"), "\(partial)")
            let garbage = try await PublicServerTests.rawExchange(
                port: port,
                bytes: Array("POST /bitrix24/events HTTP/1.1\r\nContent-Length: zz\r\n\u{0}\r\n\r\n".utf8)
            )
            #expect(garbage.hasPrefix("HTTP/1.1 400"))
            #expect(submissions.count == 0)
            #expect(try await Self.post(port, Self.form()).status == 200)
        }
    }
}
