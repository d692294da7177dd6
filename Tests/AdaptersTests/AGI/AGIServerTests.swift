import AGIProtocol
import Adapters
import Simulators
import Synchronization
import TestSupport
import Testing

/// The FastAGI server over real TCP with a scripted peer that speaks like Asterisk 22 (its environment block recorded
/// from one, captures/agi/route.agi).
@Suite("FastAGI server")
struct AGIServerTests {
    static let environment = AGIFixtures.route
    /// Answers every request with ROUTE_EXTEN=202.
    static let route = ScriptedHandler { _ in AGIDecision([try AGICommand.setVariable("ROUTE_EXTEN", "202")]) }

    /// A loopback configuration on a free port. The deadline is generous unless a test is about it: the server keeps it
    /// on the event loop's clock, exactly, while the whole test suite starting at once can hold a decision up for
    /// seconds.
    static func configuration(
        deadline: Duration = .seconds(20),
        sessionTimeLimit: Duration = .seconds(30),
        maxSessions: Int = 1000,
        limits: AGISessionLimits = AGISessionLimits()
    ) -> AGIServerConfiguration {
        AGIServerConfiguration(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            deadline: deadline,
            sessionTimeLimit: sessionTimeLimit,
            maxSessions: maxSessions,
            limits: limits
        )
    }

    @Test("a request is answered with SET VARIABLE commands, one at a time, then the server closes")
    func decided() async throws {
        let handler = ScriptedHandler { session in
            #expect(session.request.script.path == "route")
            #expect(session.request.uniqueID == Self.environment.value("agi_uniqueid"))
            return AGIDecision([
                try AGICommand.setVariable("ROUTE_EXTEN", "202"), try AGICommand.setVariable("ROUTE_NOTE", "a \"b\" c"),
            ])
        }
        try await AGIServerHarness.with(handler) { port, _ in
            let outcome = try await AGITestClient.run(port: port, environment: Self.environment.bytes)
            #expect(outcome.variables == ["ROUTE_EXTEN": "202", "ROUTE_NOTE": "a \"b\" c"])
            #expect(
                outcome.commands == ["SET VARIABLE ROUTE_EXTEN \"202\"", "SET VARIABLE ROUTE_NOTE \"a \\\"b\\\" c\""]
            )
        }
    }

    @Test("no decision before the deadline: the session ends at the deadline with nothing set, the handler cancelled")
    func deadline() async throws {
        let cancelled = Mutex(false)
        let handler = ScriptedHandler { _ in
            // A portal that hangs far longer than the deadline (its own timeout would be 30 s).
            try? await Task.sleep(for: .seconds(30))
            cancelled.withLock { $0 = Task.isCancelled }
            return AGIDecision([try AGICommand.setVariable("LATE", "1")])
        }
        let configuration = Self.configuration(deadline: .milliseconds(300))
        try await AGIServerHarness.with(handler, configuration: configuration) { port, _ in
            let outcome = try await AGITestClient.run(port: port, environment: Self.environment.bytes)
            #expect(outcome.variables.isEmpty && outcome.commands.isEmpty)
            #expect(outcome.elapsed >= .milliseconds(300))
            #expect(outcome.elapsed < .seconds(10), "answered at the deadline, not at the portal's timeout")
            #expect(await eventually { cancelled.withLock { $0 } })
        }
    }

    @Test("the caller hangs up while the server decides: the session ends, nothing is set")
    func hangup() async throws {
        let started = Mutex(false)
        let handler = ScriptedHandler { _ in
            started.withLock { $0 = true }
            try? await Task.sleep(for: .seconds(30))
            return AGIDecision([try AGICommand.setVariable("LATE", "1")])
        }
        try await AGIServerHarness.with(handler) { port, _ in
            let outcome = try await AGITestClient.run(
                port: port,
                environment: Self.environment.bytes,
                behaviour: .hangUpAfterEnvironment
            )
            #expect(outcome.commands.isEmpty)
            #expect(outcome.elapsed < .seconds(10))
        }
    }

    @Test("garbage is closed as a protocol error, not at the time limit; a good session meanwhile is answered")
    func garbage() async throws {
        let configuration = Self.configuration(
            sessionTimeLimit: .seconds(120),
            limits: AGISessionLimits(maxLineLength: 1024)
        )
        try await AGIServerHarness.with(Self.route, configuration: configuration) { port, server in
            async let http = AGITestClient.run(
                port: port,
                environment: [],
                behaviour: .garbage(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            )
            async let endless = AGITestClient.run(
                port: port,
                environment: [],
                behaviour: .garbage(Array(repeating: UInt8(ascii: "a"), count: 100_000))
            )
            async let binary = AGITestClient.run(
                port: port,
                environment: [],
                behaviour: .garbage((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            )
            let good = try await AGITestClient.run(port: port, environment: Self.environment.bytes)
            #expect(good.variables == ["ROUTE_EXTEN": "202"])
            for outcome in try await [http, endless, binary] {
                #expect(outcome.commands.isEmpty)
                #expect(outcome.elapsed < .seconds(120), "closed for its garbage, not at the time limit")
            }
            #expect(await eventually { server.activeSessions == 0 })
        }
    }

    @Test("a stalled peer is closed at the session time limit; a good session meanwhile is answered")
    func stalled() async throws {
        let configuration = Self.configuration(deadline: .seconds(5), sessionTimeLimit: .seconds(5))
        try await AGIServerHarness.with(Self.route, configuration: configuration) { port, server in
            async let stalled = AGITestClient.run(
                port: port,
                environment: Self.environment.bytes,
                behaviour: .stall(afterBytes: 40)
            )
            let good = try await AGITestClient.run(port: port, environment: Self.environment.bytes)
            #expect(good.variables == ["ROUTE_EXTEN": "202"])
            let stall = try await stalled
            #expect(stall.commands.isEmpty)
            #expect(stall.elapsed >= .seconds(4), "closed by the time limit (5 s), not at once")
            #expect(await eventually { server.activeSessions == 0 })
        }
    }

    @Test("200 concurrent sessions are each answered with their own decision")
    func concurrent() async throws {
        let handler = ScriptedHandler { session in
            try? await Task.sleep(for: .milliseconds(20))
            return AGIDecision([try AGICommand.setVariable("ECHO", session.request.uniqueID)])
        }
        let configuration = Self.configuration(deadline: .seconds(60))
        try await AGIServerHarness.with(handler, configuration: configuration) { port, _ in
            let answers = try await withThrowingTaskGroup(of: (String, String?).self) { group in
                for index in 0..<200 {
                    let uniqueid = "1795564212.\(1000 + index)"
                    let block = Self.environment.replacing("agi_uniqueid", with: uniqueid).bytes
                    group.addTask {
                        let outcome = try await AGITestClient.run(port: port, environment: block)
                        return (uniqueid, outcome.variables["ECHO"])
                    }
                }
                var answers: [(String, String?)] = []
                for try await answer in group { answers.append(answer) }
                return answers
            }
            #expect(answers.count == 200)
            #expect(answers.allSatisfy { $0.0 == $0.1 })
        }
    }

    @Test("the benchmark's peer crowd: 100 sessions open at once, each answered with its own decision, in order")
    func crowd() async throws {
        let handler = ScriptedHandler { session in
            AGIDecision([
                try AGICommand.setVariable("ECHO", session.request.uniqueID),
                try AGICommand.setVariable("NOTE", "a \"b\" c"),
            ])
        }
        try await AGIServerHarness.with(handler) { port, server in
            let uniqueids = (0..<100).map { "1795564212.\(2000 + $0)" }
            let blocks = uniqueids.map { Self.environment.replacing("agi_uniqueid", with: $0).bytes }
            let outcomes = try await AGIPeerCrowd.run(port: port, environments: blocks)
            #expect(outcomes.map { $0.variables["ECHO"] } == uniqueids)
            #expect(outcomes.allSatisfy { $0.variables["NOTE"] == "a \"b\" c" && $0.elapsed > .zero })
            #expect(await eventually { server.activeSessions == 0 })
        }
    }

    @Test("the server stopping closes its open sessions at once, nothing set, the deciding handler cancelled")
    func stopping() async throws {
        let started = Mutex(false)
        let cancelled = Mutex(false)
        let handler = ScriptedHandler { _ in
            started.withLock { $0 = true }
            try? await Task.sleep(for: .seconds(30))
            cancelled.withLock { $0 = Task.isCancelled }
            return AGIDecision([try AGICommand.setVariable("LATE", "1")])
        }
        let server = AGIServer(configuration: Self.configuration(), handler: handler)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.listeningPort()
            async let deciding = AGITestClient.run(port: port, environment: Self.environment.bytes)
            async let partial = AGITestClient.run(
                port: port,
                environment: Self.environment.bytes,
                behaviour: .stall(afterBytes: 40)
            )
            #expect(await eventually { server.activeSessions == 2 && started.withLock { $0 } })
            group.cancelAll()
            for outcome in try await [deciding, partial] {
                #expect(outcome.commands.isEmpty)
                #expect(outcome.elapsed < .seconds(20), "closed by the stop, not at the deadline or time limit")
            }
            #expect(await eventually { cancelled.withLock { $0 } })
            #expect(await eventually { server.activeSessions == 0 })
        }
    }

    @Test("beyond max_sessions a connection is closed at once; the dialplan goes on")
    func overload() async throws {
        let release = Mutex(false)
        let handler = ScriptedHandler { _ in
            _ = await eventually(timeout: .seconds(20)) { release.withLock { $0 } }
            return .nothing
        }
        let configuration = Self.configuration(deadline: .seconds(20), maxSessions: 2)
        try await AGIServerHarness.with(handler, configuration: configuration) { port, server in
            async let first = AGITestClient.run(port: port, environment: Self.environment.bytes)
            async let second = AGITestClient.run(port: port, environment: Self.environment.bytes)
            #expect(await eventually { server.activeSessions == 2 })
            let third = try await AGITestClient.run(port: port, environment: Self.environment.bytes)
            #expect(third.commands.isEmpty)
            release.withLock { $0 = true }
            _ = try await (first, second)
        }
    }

    @Test("the router sends each script path to its handler, the rest to the fallback")
    func routing() async throws {
        var router = AGIRouter(
            fallback: ScriptedHandler { _ in AGIDecision([try AGICommand.setVariable("BY", "rules")]) }
        )
        router.register("/queue/", ScriptedHandler { _ in AGIDecision([try AGICommand.setVariable("BY", "queue")]) })
        try await AGIServerHarness.with(router) { port, _ in
            let queue = Self.environment.replacing("agi_network_script", with: "queue?name=sales")
            let route = Self.environment
            let byQueue = try await AGITestClient.run(port: port, environment: queue.bytes)
            let byRules = try await AGITestClient.run(port: port, environment: route.bytes)
            #expect(byQueue.variables == ["BY": "queue"])
            #expect(byRules.variables == ["BY": "rules"])
        }
        let empty = AGIRouter()
        #expect(empty.handler(for: "route") == nil)
    }
}

/// A handler from a closure.
struct ScriptedHandler: AGIRequestHandler {
    let body: @Sendable (AGISessionContext) async throws -> AGIDecision

    init(_ body: @escaping @Sendable (AGISessionContext) async throws -> AGIDecision) {
        self.body = body
    }

    func decide(_ session: AGISessionContext) async -> AGIDecision {
        (try? await body(session)) ?? .nothing
    }
}

/// Runs an AGI server on a free loopback port around a test.
enum AGIServerHarness {
    static func with(
        _ handler: any AGIRequestHandler,
        configuration: AGIServerConfiguration = AGIServerTests.configuration(),
        _ body: (Int, AGIServer) async throws -> Void
    ) async throws {
        let server = AGIServer(configuration: configuration, handler: handler)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.listeningPort()
            do {
                try await body(port, server)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }
}
