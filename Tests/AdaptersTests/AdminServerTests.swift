import Adapters
import Foundation
import Metrics
import NIOHTTP1
import Simulators
import Synchronization
import TestSupport
import Testing

@Suite("Admin HTTP server")
struct AdminServerTests {
    /// An admin server on 127.0.0.1, an ephemeral port; stopped (cancelled) after `body`.
    static func withAdmin(
        health: HealthRegistry = HealthRegistry(),
        logs: LogCapture = LogCapture(),
        reload: @escaping @Sendable () async -> ReloadOutcome = { .ok(message: "nothing to do") },
        _ body: (_ port: Int) async throws -> Void
    ) async throws {
        let server = AdminServer(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            metrics: SwitchboardMetrics.bootstrap(),
            health: health,
            reload: reload,
            logger: logs.logger
        )
        let running = Task { try await server.run() }
        defer { running.cancel() }
        let port = try await server.listeningPort()
        #expect(port > 0)
        #expect(logs.all.contains { $0.hasPrefix("info listening ") && $0.contains("port=\(port)") })
        try await body(port)
        running.cancel()
        _ = await running.result
        // Once stopped, the port is no longer reported.
        await #expect(throws: HTTPServerError.self) { try await server.listeningPort() }
    }

    @Test("bootstrap runs once per process and always returns the same registry")
    func bootstrapOnce() {
        let first = SwitchboardMetrics.bootstrap()
        let second = SwitchboardMetrics.bootstrap()
        #expect(first === second)
    }

    @Test("GET /metrics serves swift-metrics values in the Prometheus text format")
    func metricsText() async throws {
        _ = SwitchboardMetrics.bootstrap()
        // Dimension values unique to this test: other suites in the process may record the same families.
        SwitchboardMetrics.rulesFired(rule: "obs-test-card-to-ringing").increment(by: 3)
        Counter(
            label: SwitchboardMetrics.actionsTotal,
            dimensions: [("action", "obs.test.register"), ("result", "failed")]
        ).increment(by: 2)
        SwitchboardMetrics.actions(action: "obs.test.register", result: .ok).increment()
        SwitchboardMetrics.bitrix24RequestDuration().recordMilliseconds(30)

        try await Self.withAdmin { port in
            let answer = try await HTTPTestClient.send(port: port, path: "/metrics")
            #expect(answer.status == 200)
            #expect(answer.contentType?.hasPrefix("text/plain") == true)
            let lines = Set(answer.body.split(separator: "\n").map(String.init))
            #expect(lines.contains("# TYPE switchboard_rules_fired_total counter"))
            #expect(lines.contains(#"switchboard_rules_fired_total{rule="obs-test-card-to-ringing"} 3"#))
            #expect(lines.contains(#"switchboard_actions_total{action="obs.test.register",result="failed"} 2"#))
            #expect(lines.contains(#"switchboard_actions_total{action="obs.test.register",result="ok"} 1"#))
            #expect(lines.contains("# TYPE switchboard_bitrix24_request_seconds histogram"))
            #expect(lines.contains { $0.hasPrefix("switchboard_bitrix24_request_seconds_count ") })

            // The counter moves between scrapes.
            SwitchboardMetrics.rulesFired(rule: "obs-test-card-to-ringing").increment(by: 2)
            let again = try await HTTPTestClient.send(port: port, path: "/metrics")
            #expect(again.body.contains(#"switchboard_rules_fired_total{rule="obs-test-card-to-ringing"} 5"#))
        }
    }

    @Test("GET /healthz: 200 while healthy, 503 naming ami, then ami and portal, with their details")
    func healthFlips() async throws {
        let health = HealthRegistry()
        health.markHealthy(HealthComponent.ami, detail: "logged in")
        health.markHealthy(HealthComponent.portal, detail: "reachable")
        try await Self.withAdmin(health: health) { port in
            let ok = try await HTTPTestClient.send(port: port, path: "/healthz")
            #expect(ok.status == 200)
            #expect(ok.contentType == "application/json")
            #expect(ok.json["status"] as? String == "ok")
            #expect(ok.json["failing"] == nil)
            #expect(ok.json["components"] as? [String: String] == ["ami": "logged in", "portal": "reachable"])

            health.markUnhealthy(HealthComponent.ami, detail: "connection refused, retrying")
            let amiDown = try await HTTPTestClient.send(port: port, path: "/healthz")
            #expect(amiDown.status == 503)
            #expect(amiDown.json["status"] as? String == "failing")
            #expect(amiDown.json["failing"] as? [String] == ["ami"])
            #expect((amiDown.json["components"] as? [String: String])?["ami"] == "connection refused, retrying")

            health.markUnhealthy(HealthComponent.portal, detail: "HTTP 503 from portal")
            let bothDown = try await HTTPTestClient.send(port: port, path: "/healthz")
            #expect(bothDown.status == 503)
            #expect(bothDown.json["failing"] as? [String] == ["ami", "portal"])

            health.markHealthy(HealthComponent.ami, detail: "logged in")
            health.markHealthy(HealthComponent.portal)
            let back = try await HTTPTestClient.send(port: port, path: "/healthz")
            #expect(back.status == 200)
        }
    }

    @Test("POST /reload calls the closure: 200 with its message, 422 when it fails")
    func reload() async throws {
        let calls = Mutex(0)
        let reload: @Sendable () async -> ReloadOutcome = {
            let call = calls.withLock { count in
                count += 1
                return count
            }
            return call == 1
                ? .ok(message: "loaded 7 rules") : .failed(message: "rules/cards.yaml:3:5: unknown key 'whn'")
        }
        let logs = LogCapture()
        try await Self.withAdmin(logs: logs, reload: reload) { port in
            let first = try await HTTPTestClient.send(.POST, port: port, path: "/reload")
            #expect(first.status == 200)
            #expect(first.body == "loaded 7 rules\n")
            let second = try await HTTPTestClient.send(.POST, port: port, path: "/reload")
            #expect(second.status == 422)
            #expect(second.body == "rules/cards.yaml:3:5: unknown key 'whn'\n")
            #expect(calls.withLock { $0 } == 2)
            #expect(
                logs.all.filter { $0.hasPrefix("info rule reload requested") }.map { $0.contains("result=failed") } == [
                    false, true,
                ]
            )

            // GET does not reload.
            let get = try await HTTPTestClient.send(.GET, port: port, path: "/reload")
            #expect(get.status == 404)
            #expect(calls.withLock { $0 } == 2)
        }
    }

    @Test("smaller ones: an admin write not addressed to loopback (DNS rebinding, cross-site) is refused with 403")
    func smallerOnesAdminWritesNeedALoopbackHost() async throws {
        let calls = Mutex(0)
        let logs = LogCapture()
        let reload: @Sendable () async -> ReloadOutcome = {
            calls.withLock { $0 += 1 }
            return .ok(message: "reloaded")
        }
        try await Self.withAdmin(logs: logs, reload: reload) { port in
            func reloadWith(_ headers: [(String, String)]) async throws -> Int {
                try await HTTPTestClient.send(.POST, port: port, path: "/reload", headers: headers).status
            }
            #expect(try await reloadWith([("Host", "evil.example:\(port)")]) == 403)
            #expect(try await reloadWith([("Origin", "https://evil.example")]) == 403)
            #expect(calls.withLock { $0 } == 0)
            #expect(logs.all.contains { $0.contains("admin write refused") })
            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"] {
                #expect(try await reloadWith([("Host", host), ("Origin", "http://\(host)")]) == 200, "Host: \(host)")
            }
            #expect(calls.withLock { $0 } == 3)
            // Reads answer whatever the Host (a Prometheus server elsewhere scrapes by its own name for us).
            let scrape = try await HTTPTestClient.send(port: port, path: "/healthz", headers: [("Host", "pbx-1:9090")])
            #expect(scrape.status == 200)
        }
    }

    @Test("unknown routes and methods: 404 with a fixed body that echoes nothing of the request")
    func unknownRoutes() async throws {
        try await Self.withAdmin { port in
            let marker = "obsmarker"
            for (method, path) in [
                (HTTPMethod.GET, "/\(marker)/%3Cscript%3E?token=\(marker)"),
                (.POST, "/metrics?\(marker)=1"),
                (.DELETE, "/healthz"),
                (.GET, "/metrics/\(marker)"),
            ] {
                let answer = try await HTTPTestClient.send(method, port: port, path: path)
                #expect(answer.status == 404, "\(method) \(path)")
                #expect(answer.body == "404 Not Found\n")
                #expect(answer.contentType?.hasPrefix("text/plain") == true)
            }
        }
    }

    @Test("a port in use: run() throws listenFailed and listeningPort() does not hang")
    func portInUse() async throws {
        try await Self.withAdmin { port in
            let second = AdminServer(
                address: ListenAddress(host: "127.0.0.1", port: port),
                metrics: SwitchboardMetrics.bootstrap(),
                health: HealthRegistry(),
                reload: { .ok(message: "") },
                logger: LogCapture().logger
            )
            let running = Task { try await second.run() }
            await #expect {
                try await second.listeningPort()
            } throws: { error in
                guard case .listenFailed(let address, _) = error as? HTTPServerError else { return false }
                return address == "127.0.0.1:\(port)"
            }
            let result = await running.result
            #expect(throws: HTTPServerError.self) { try result.get() }
        }
    }

    @Test("run() twice is refused")
    func runsOnce() async throws {
        let server = AdminServer(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            metrics: SwitchboardMetrics.bootstrap(),
            health: HealthRegistry(),
            reload: { .ok(message: "") },
            logger: LogCapture().logger
        )
        let running = Task { try await server.run() }
        _ = try await server.listeningPort()
        await #expect(throws: HTTPServerError.alreadyStarted(address: "127.0.0.1:0")) { try await server.run() }
        running.cancel()
        _ = await running.result
    }
}
