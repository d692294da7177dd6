import Adapters
import Foundation
import PortalTestSupport
import Simulators
import Testing

/// Each error class of the issue, produced by the fake over real HTTP and classified by the client.
@Suite("Bitrix24 error classification")
struct Bitrix24ErrorClassificationTests {
    /// Calls `user.get` and returns the error it must throw.
    private func failure(
        _ client: Bitrix24Client,
        _ method: String = "user.get",
        _ params: [String: Bitrix24Value] = [:]
    ) async -> Bitrix24Error? {
        do {
            _ = try await client.call(method, params)
            return nil
        } catch {
            return error as? Bitrix24Error
        }
    }

    @Test("retry later: 503 QUERY_LIMIT_EXCEEDED (real bucket), 500, 502 without envelope-worthy code")
    func retryLaterHTTP() async throws {
        try await PortalFixture.with(configuration: .init(rateLimit: .init(capacity: 2, drainPerSecond: 2))) { f in
            let client = try f.client()
            _ = try await client.call("user.get")
            _ = try await client.call("user.get")
            let limited = try #require(await failure(client))
            #expect(limited.action == .retryLater)
            #expect(limited.code == "QUERY_LIMIT_EXCEEDED")
            #expect(limited.httpStatus == 503)
            f.advance(by: 1)
            f.portal.injectFault(.internalServerError)
            let serverError = try #require(await failure(client))
            #expect(serverError.action == .retryLater)
            #expect(serverError.httpStatus == 500)
            f.portal.injectFault(.error(status: 502, code: "ERROR_UNEXPECTED_ANSWER", description: "Bad gateway"))
            #expect(await failure(client)?.action == .retryLater)
        }
    }

    @Test("retry later: timeout (hang), dropped connection, connection refused — with 'may have reached the portal'")
    func retryLaterTransport() async throws {
        try await PortalFixture.with { f in
            let client = try f.client(timeout: .milliseconds(300))
            f.portal.injectFault(.hang)
            let timedOut = try #require(await failure(client))
            #expect(timedOut.reason == .transport(.timedOut))
            #expect(timedOut.action == .retryLater)
            #expect(timedOut.mayHaveReachedPortal)
            f.portal.injectFault(.dropConnection)
            // A generous timeout: the drop must be told apart from a timeout even on a loaded machine.
            let patient = try f.client(timeout: .seconds(20))
            let dropped = try #require(await failure(patient))
            #expect(dropped.reason == .transport(.connectionClosed))
            #expect(dropped.action == .retryLater)
        }
        // A port nobody listens on: start a portal, note its URL, stop it.
        let stopped = FakeBitrix24()
        try await stopped.start()
        let url = stopped.webhookURL
        await stopped.stop()
        let client = try Bitrix24Client(
            auth: Bitrix24WebhookAuth(webhookURL: url),
            configuration: .init(timeout: .milliseconds(300))
        )
        let refused = try #require(await failure(client))
        guard case .transport(.cannotConnect) = refused.reason else {
            Issue.record("expected cannotConnect, got \(refused.reason)")
            return
        }
        #expect(refused.action == .retryLater)
        #expect(!refused.mayHaveReachedPortal)
    }

    @Test("retry policy: a transient failure is retried and the call succeeds")
    func retried() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            f.portal.injectFault(.queryLimitExceeded, times: 2)
            let response = try await client.call(
                "user.get",
                ["ID": 12],
                retry: Bitrix24RetryPolicy(maxAttempts: 3, initialDelay: .zero)
            )
            #expect(response.result.arrayValue?.count == 1)
            #expect(f.portal.journal.count == 3)
        }
    }

    @Test("back off one method: 429 OPERATION_TIME_LIMIT until operating_reset_at; other methods work")
    func backOffMethod() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let resetAt = f.clock.now + 300
            f.portal.blockMethod("user.get", until: resetAt)
            let blocked = try #require(await failure(client))
            #expect(blocked.action == .backOffMethod(until: Date(timeIntervalSince1970: resetAt.rounded(.down))))
            #expect(blocked.code == "OPERATION_TIME_LIMIT")
            _ = try await client.call("crm.duplicate.findbycomm", ["type": "PHONE", "values": ["+1"]])
        }
    }

    @Test(
        "pause portal: INVALID_CREDENTIALS, insufficient_scope, WRONG_AUTH_TYPE, OVERLOAD_LIMIT, PORTAL_DELETED, https"
    )
    func pausePortal() async throws {
        try await PortalFixture.with(configuration: .init(scopes: ["telephony", "user"], rateLimit: nil)) { f in
            let wrong = Bitrix24Client(
                auth: Bitrix24WebhookAuth(portal: f.portal.baseURL, userID: 1, secret: "not-the-secret")
            )
            let credentials = try #require(await failure(wrong))
            #expect(credentials.code == "INVALID_CREDENTIALS")
            #expect(credentials.httpStatus == 401)
            guard case .pausePortal = credentials.action else {
                Issue.record("\(credentials.action)")
                return
            }

            let client = try f.client()
            let scope = try #require(await failure(client, "crm.lead.add", ["fields": ["TITLE": "x"]]))
            #expect(scope.code == "insufficient_scope")
            guard case .pausePortal = scope.action else {
                Issue.record("\(scope.action)")
                return
            }

            for fault in [
                FakeBitrix24Fault.error(
                    status: 403,
                    code: "WRONG_AUTH_TYPE",
                    description: "Current authorization type is denied for this method"
                ),
                .overloadLimit, .portalDeleted, .invalidCredentials,
                .error(status: 403, code: "ACCESS_DENIED", description: "REST is available only on commercial plans."),
            ] {
                f.portal.injectFault(fault)
                let error = try #require(await failure(client))
                guard case .pausePortal = error.action else {
                    Issue.record("\(fault) → \(error.action)")
                    continue
                }
            }
        }
        try await PortalFixture.with(configuration: .init(requireHTTPS: true, rateLimit: nil)) { f in
            let error = try #require(await failure(try f.client()))
            #expect(error.code == "INVALID_REQUEST")
            guard case .pausePortal = error.action else {
                Issue.record("\(error.action)")
                return
            }
        }
    }

    @Test("give up: 400 method errors (empty error code), unknown method 404, non-JSON answer")
    func giveUp() async throws {
        try await PortalFixture.with { f in
            let client = try f.client()
            let methodError = try #require(
                await failure(client, "telephony.externalcall.register", ["PHONE_NUMBER": "1", "TYPE": 2])
            )
            #expect(methodError.action == .giveUp)
            #expect(methodError.code == "")
            #expect(methodError.portalDescription == "USER_ID or USER_PHONE_INNER should be set")
            let unknown = try #require(await failure(client, "telephony.externalcall.teleport"))
            #expect(unknown.action == .giveUp)
            #expect(unknown.code == "ERROR_METHOD_NOT_FOUND")
            let access = try #require(await failure(client, "crm.lead.get", ["id": 1]))
            #expect(access.action == .giveUp)
        }
    }

    @Test("classifier table")
    func classifierTable() {
        #expect(
            Bitrix24ErrorClassifier.action(status: 503, code: "QUERY_LIMIT_EXCEEDED", description: "") == .retryLater
        )
        #expect(
            Bitrix24ErrorClassifier.action(status: 500, code: "INTERNAL_SERVER_ERROR", description: "") == .retryLater
        )
        #expect(
            Bitrix24ErrorClassifier.action(status: 500, code: "ERROR_CORE", description: "SQL query error!")
                == .retryLater
        )
        #expect(
            Bitrix24ErrorClassifier.action(
                status: 429,
                code: "OPERATION_TIME_LIMIT",
                description: "",
                operatingResetAt: 100
            )
                == .backOffMethod(until: Date(timeIntervalSince1970: 100))
        )
        #expect(
            Bitrix24ErrorClassifier.action(status: 429, code: "OPERATION_TIME_LIMIT", description: "")
                == .backOffMethod(until: nil)
        )
        for (status, code) in [
            (401, "INVALID_CREDENTIALS"), (403, "INVALID_CREDENTIALS"), (401, "insufficient_scope"),
            (403, "insufficient_scope"),
            (403, "WRONG_AUTH_TYPE"), (503, "OVERLOAD_LIMIT"), (500, "PORTAL_DELETED"), (401, "NO_AUTH_FOUND"),
            (401, "expired_token"), (401, "something_new"),
        ] {
            guard case .pausePortal = Bitrix24ErrorClassifier.action(status: status, code: code, description: "") else {
                Issue.record("\(status) \(code) should pause the portal")
                continue
            }
        }
        #expect(Bitrix24ErrorClassifier.action(status: 400, code: "", description: "Unknown TYPE") == .giveUp)
        #expect(Bitrix24ErrorClassifier.action(status: 400, code: "ERROR_CORE", description: "Unknown TYPE") == .giveUp)
        #expect(
            Bitrix24ErrorClassifier.action(status: 403, code: "ACCESS_DENIED", description: "Access denied!") == .giveUp
        )
        #expect(Bitrix24ErrorClassifier.action(status: 404, code: "ERROR_METHOD_NOT_FOUND", description: "") == .giveUp)
        #expect(Bitrix24ErrorClassifier.actionForMalformed(status: 502) == .retryLater)
        #expect(Bitrix24ErrorClassifier.actionForMalformed(status: 200) == .giveUp)
    }
}
