import AMIProtocol
import Adapters
import Foundation
import Simulators
import TestSupport
import Testing

/// The client against the test AMI server, over real TCP on 127.0.0.1.
@Suite("AMI client over TCP")
struct AMIClientTests {
    static let secret = AMISecret("amp111")

    static func configuration(
        port: Int,
        method: AMICredentials.Method = .plain,
        secret: AMISecret = secret,
        ping: Duration? = nil,
        pingTimeout: Duration = .seconds(2)
    ) -> AMIClientConfiguration {
        AMIClientConfiguration(
            host: "127.0.0.1",
            port: port,
            credentials: AMICredentials(username: "admin", secret: secret, method: method),
            actionTimeout: .seconds(5),
            pingInterval: ping,
            pingTimeout: pingTimeout,
            backoff: AMIReconnectBackoff(initial: .milliseconds(10), maximum: .milliseconds(100))
        )
    }

    @Test("plain login with Events: on; FullyBooted arrives as an event; link reported connected")
    func plainLogin() async throws {
        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        let events = AsyncCollector(client.events)
        let link = AsyncCollector(client.linkEvents)
        try await client.connect()
        let login = try await server.waitForAction(named: "Login")
        #expect(login["Username"] == "admin")
        #expect(login["Secret"] == "amp111")
        #expect(login["Events"] == "on")
        #expect(login.actionID != nil)
        try await events.wait("FullyBooted") { $0.contains { $0.name == "FullyBooted" } }
        let changes = try await link.wait("connected") { !$0.isEmpty }
        #expect(changes.first == .connected(banner: "Asterisk Call Manager/11.0.0"))
        let mask = try await client.send(.events(.classes(["call", "agent"])))
        #expect(mask["Events"] == "On")
        #expect(try await server.waitForAction(named: "Events")["EventMask"] == "call,agent")
        await client.close()
        try await server.waitForAction(named: "Logoff")
        try await link.wait("closed by client") {
            $0.contains { if case .disconnected(.closedByClient, _) = $0 { true } else { false } }
        }
        await #expect(throws: AMIClientError.closed) { try await client.ping() }
        await server.stop()
    }

    @Test("MD5 challenge login: the secret never crosses the wire")
    func md5Login() async throws {
        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: Self.configuration(port: server.port, method: .md5))
        try await client.connect()
        let login = try await server.waitForAction(named: "Login")
        #expect(login["AuthType"] == "MD5")
        #expect(login["Secret"] == nil)
        #expect(login["Key"]?.count == 32)
        #expect(server.loginCount == 1)
        await client.close()
        await server.stop()
    }

    @Test(
        "login failure: a typed error without the secret, and no session",
        arguments: [AMICredentials.Method.plain, .md5]
    )
    func loginFailure(method: AMICredentials.Method) async throws {
        let server = try await AMITestServer.start()
        let wrong = AMISecret("wrong-secret-123")
        let client = AMIClient(configuration: Self.configuration(port: server.port, method: method, secret: wrong))
        do {
            try await client.connect()
            Issue.record("login should fail")
        } catch let error as AMIClientError {
            #expect(error == .authenticationFailed(message: "Authentication failed"))
            #expect(!error.description.contains("wrong-secret"))
        }
        #expect(server.failedLoginCount == 1)
        #expect(await client.isConnected == false)
        #expect(server.loginCount == 0)
        await #expect(throws: AMIClientError.notConnected) { try await client.ping() }
        await client.close()
        await server.stop()
    }

    @Test("a server that refuses every login (acceptsLogin false) fails the correct secret too")
    func loginRejectedByServer() async throws {
        let server = try await AMITestServer.start(configuration: .init(acceptsLogin: false))
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        await #expect(throws: AMIClientError.authenticationFailed(message: "Authentication failed")) {
            try await client.connect()
        }
        await client.close()
        await server.stop()
    }

    @Test("an action with no reply times out with a typed error; the link stays usable")
    func actionTimeout() async throws {
        let server = try await AMITestServer.start()
        server.script("Getvar", .silence)
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        try await client.connect()
        await #expect(throws: AMIClientError.timeout(action: "Getvar", after: .milliseconds(150))) {
            try await client.send(.getvar(channel: nil, variable: "X"), timeout: .milliseconds(150))
        }
        let pong = try await client.ping()
        #expect(pong["Ping"] == "Pong")
        await client.close()
        await server.stop()
    }

    @Test("Response: Error throws actionFailed with the server's message")
    func actionError() async throws {
        let server = try await AMITestServer.start()
        server.script("Redirect", .error("Channel not specified"))
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        try await client.connect()
        await #expect(throws: AMIClientError.actionFailed(action: "Redirect", message: "Channel not specified")) {
            try await client.send(.redirect(channel: "", context: "x", exten: "1"))
        }
        let unknown = try await client.sendAllowingError(AMIAction("NoSuchAction"))
        #expect(unknown["Message"]?.hasPrefix("Invalid/unknown command: NoSuchAction") == true)
        await client.close()
        await server.stop()
    }

    @Test("a list action collects its items; an event with our ActionID outside a list stays an event")
    func listAction() async throws {
        let server = try await AMITestServer.start()
        let items = (1...3).map { index in
            [
                AMIHeader("Event", "CoreShowChannel"),
                AMIHeader("Channel", "Local/20\(index)@agents-0000000\(index);1"),
                AMIHeader("Uniqueid", "1795564212.\(index)"),
            ]
        }
        server.script("CoreShowChannels", .list(items: items, completeEvent: "CoreShowChannelsComplete"))
        server.script(
            "UserEvent",
            .custom { action in
                [
                    AMIMessage([
                        AMIHeader("Response", "Success"), AMIHeader("ActionID", action.actionID ?? ""),
                        AMIHeader("Message", "Event Sent"),
                    ]),
                    AMIMessage([
                        AMIHeader("Event", "UserEvent"), AMIHeader("ActionID", action.actionID ?? ""),
                        AMIHeader("UserEvent", action["UserEvent"] ?? ""),
                    ]),
                ]
            }
        )
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        let events = AsyncCollector(client.events)
        try await client.connect()
        let list = try await client.sendList(.coreShowChannels)
        #expect(list.response.opensList)
        #expect(list.items.map { $0["Uniqueid"] } == ["1795564212.1", "1795564212.2", "1795564212.3"])
        #expect(list.completion?.name == "CoreShowChannelsComplete")
        #expect(list.completion?["ListItems"] == "3")
        server.script("QueueStatus", .list(items: [], completeEvent: "QueueStatusComplete"))
        let none = try await client.sendList(.queueStatus())
        #expect(none.items.isEmpty)
        #expect(none.completion?.name == "QueueStatusComplete")
        _ = try await client.send(AMIAction("UserEvent", ["UserEvent": "Hello"]))
        // Another client's list item and OriginateResponse (ActionIDs we never sent) are ordinary events.
        server.broadcast([
            AMIMessage(["Event": "CoreShowChannel", "ActionID": "other-daemon-1", "Channel": "Local/9@x-1;1"]),
            AMIMessage([
                "Event": "OriginateResponse", "Privilege": "call,all", "ActionID": "other-daemon-2",
                "Response": "Failure", "Reason": "0",
            ]),
        ])
        let seen = try await events.wait("foreign events") { $0.contains { $0.name == "OriginateResponse" } }
        #expect(seen.contains { $0.name == "CoreShowChannel" && $0.actionID == "other-daemon-1" })
        #expect(seen.first { $0.name == "UserEvent" }?["UserEvent"] == "Hello")
        #expect(seen.filter { $0.name == "CoreShowChannel" }.count == 1, "our list items went to the list")
        await client.close()
        await server.stop()
    }

    @Test("refused CR/LF, ':' and over-long action lines never reach the server")
    func refusedInjection() async throws {
        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        try await client.connect()
        await #expect(throws: AMIClientError.refused(.lineBreak(key: "Value", inValue: true))) {
            try await client.send(.setvar(channel: nil, variable: "X", value: "1\r\nAction: Originate"))
        }
        await #expect(throws: AMIClientError.refused(.lineBreak(key: "Value", inValue: true))) {
            try await client.send(.setvar(channel: nil, variable: "X", value: "1\nAction: Originate"))
        }
        await #expect(throws: AMIClientError.refused(.colonInKey(key: "Channel: Local/1"))) {
            try await client.send(AMIAction("Hangup", ["Channel: Local/1": "x"]))
        }
        await #expect(throws: AMIClientError.refused(.lineTooLong(key: "Value", length: 1507))) {
            try await client.send(.setvar(channel: nil, variable: "X", value: String(repeating: "a", count: 1500)))
        }
        _ = try await client.ping()  // written after the refused ones would have been: the server has seen them all
        let names = server.receivedActions.compactMap(\.name)
        #expect(names == ["Login", "Ping"])
        await client.close()
        await server.stop()
    }

    @Test("keepalive: when Pings go unanswered past the deadline, the link is dropped and rebuilt")
    func pingDeadline() async throws {
        let server = try await AMITestServer.start()
        let client = AMIClient(
            configuration: Self.configuration(
                port: server.port,
                ping: .milliseconds(50),
                pingTimeout: .milliseconds(200)
            )
        )
        let link = AsyncCollector(client.linkEvents)
        try await client.connect()
        try await server.waitForAction(named: "Ping", occurrence: 2)  // keepalive is running
        server.setAnswersPing(false)
        try await link.wait("ping timeout") {
            $0.contains { if case .disconnected(.pingTimeout, _) = $0 { true } else { false } }
        }
        server.setAnswersPing(true)
        // Wait for a reconnect that follows the ping-timeout drop (a slow machine may add earlier ones).
        let changes = try await link.wait("reconnected") { changes in
            guard
                let drop = changes.lastIndex(where: {
                    if case .disconnected(.pingTimeout, _) = $0 { true } else { false }
                })
            else { return false }
            return changes[drop...].contains { if case .reconnected = $0 { true } else { false } }
        }
        #expect(server.loginCount >= 2)
        let gaps = changes.compactMap { change -> AMILinkGap? in
            if case .reconnected(_, let gap) = change { gap } else { nil }
        }
        let gap = try #require(gaps.last)
        #expect(gap.start <= gap.end)
        await client.close()
        await server.stop()
    }

    @Test("an explicit Ping past its deadline throws timeout")
    func pingTimeout() async throws {
        let server = try await AMITestServer.start()
        server.setAnswersPing(false)
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        try await client.connect()
        await #expect(throws: AMIClientError.timeout(action: "Ping", after: .milliseconds(100))) {
            try await client.ping(timeout: .milliseconds(100))
        }
        await client.close()
        await server.stop()
    }

    @Test("the server drops the link: pending actions fail, the client reconnects and reports the gap")
    func reconnectAfterDrop() async throws {
        let server = try await AMITestServer.start()
        server.script("Getvar", .silence)
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        let link = AsyncCollector(client.linkEvents)
        let events = AsyncCollector(client.events)
        try await client.connect()
        let pendingGetvar = Task { try await client.send(.getvar(channel: nil, variable: "X")) }
        try await server.waitForAction(named: "Getvar")
        server.dropConnections()
        await #expect(throws: AMIClientError.connectionLost(action: "Getvar")) { try await pendingGetvar.value }
        let changes = try await link.wait("reconnected") {
            $0.contains { if case .reconnected = $0 { true } else { false } }
        }
        #expect(server.loginCount == 2)
        let disconnectedAt = changes.compactMap { change -> AMILinkGap? in
            if case .reconnected(_, let gap) = change { gap } else { nil }
        }.first
        let gap = try #require(disconnectedAt)
        #expect(gap.start <= gap.end)
        #expect(
            changes.contains {
                if case .disconnected(.connectionClosed, let at) = $0 { at == gap.start } else { false }
            }
        )
        #expect(try await client.ping()["Ping"] == "Pong")
        // The new session receives events: two FullyBooted in all, one per login.
        try await events.wait("second FullyBooted") { $0.filter { $0.name == "FullyBooted" }.count == 2 }
        await client.close()
        await server.stop()
    }

    @Test("replaying a capture instantly delivers every event, in order")
    func replay() async throws {
        let capture = try AMICapture(contentsOf: RepositoryFiles.url("captures/answered.ami"))
        #expect(capture.events.count == 210)
        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        let events = AsyncCollector(client.events)
        try await client.connect()
        try await events.wait("FullyBooted") { $0.count == 1 }
        await server.replay(capture)
        let received = try await events.wait("210 replayed events") { $0.count == 211 }
        #expect(received.dropFirst().map { $0 } == capture.events)
        await client.close()
        await server.stop()
    }

    @Test("Originate answered by a rewritten capture: ActionID, Uniqueid, ;2 leg and variables correlate")
    func originateCorrelation() async throws {
        let capture = try AMICapture(contentsOf: RepositoryFiles.url("captures/clicktocall.ami"))
        let server = try await AMITestServer.start()
        server.scriptOriginate(with: capture)
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        let events = AsyncCollector(client.events)
        try await client.connect()
        let request = AMIOriginate(
            channel: "Local/201@agents",
            destination: .dialplan(context: "outgoing", exten: "79161234567", priority: 1),
            timeoutMilliseconds: 30000,
            callerID: "\"Ivan\" <201>",
            variables: [("CLICK2CALL", "crm-42")],
            channelID: "sb-call-7"
        )
        let result = try await client.originate(request)
        #expect(result.succeeded)
        #expect(result.reason == 4)
        #expect(result.uniqueID == "sb-call-7")
        #expect(result.response?["Message"] == "Originate successfully queued")
        let sent = try await server.waitForAction(named: "Originate")
        #expect(result.outcome.actionID == sent.actionID)
        // 118 events follow the recorded Originate's reply in clicktocall.ami (counted with awk), plus FullyBooted.
        let received = try await events.wait("118 call events") { $0.count == 119 }
        let call = Array(received.dropFirst())
        let recorded = Array(capture.events.drop { $0.name != "Newchannel" })
        #expect(recorded.count == 118)
        #expect(call.map(\.name) == recorded.map(\.name))
        let recordedFirstLeg = recorded.filter { $0["Uniqueid"] == "1795564359.52" }.count
        #expect(recordedFirstLeg > 10)
        #expect(call.filter { $0["Uniqueid"] == "sb-call-7" }.count == recordedFirstLeg)
        #expect(call.contains { $0.name == "Newchannel" && $0["Uniqueid"] == "sb-call-7;2" })
        #expect(
            !call.contains {
                $0.headers.contains { $0.value.contains("1795564359.52") || $0.value.contains("1795564359.53") }
            }
        )
        #expect(
            call.filter { $0.name == "VarSet" && $0["Variable"] == "CLICK2CALL" }.allSatisfy { $0["Value"] == "crm-42" }
        )
        #expect(call.contains { $0.name == "VarSet" && $0["Variable"] == "CLICK2CALL" })
        #expect(call.allSatisfy { $0["Linkedid"] == nil || $0["Linkedid"] == "sb-call-7" })
        await client.close()
        await server.stop()
    }

    @Test("an Originate refused by the server, or whose OriginateResponse never comes, fails with a typed error")
    func originateFailures() async throws {
        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        try await client.connect()
        let request = AMIOriginate(
            channel: "Local/201@agents",
            destination: .application(name: "Playback", data: "beep")
        )
        await #expect(throws: AMIClientError.timeout(action: "Originate", after: .milliseconds(200))) {
            try await client.originate(request, timeout: .milliseconds(200))  // acknowledged, never answered
        }
        server.script("Originate", .error("Originate failed"))
        await #expect(throws: AMIClientError.actionFailed(action: "Originate", message: "Originate failed")) {
            try await client.originate(request)
        }
        await client.close()
        await server.stop()
    }

    @Test("originate cancellation: a cancelled wait for the OriginateResponse ends at once; the client goes on")
    func originateCancellation() async throws {
        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        let events = AsyncCollector(client.events)
        try await client.connect()
        let request = AMIOriginate(
            channel: "Local/201@agents",
            destination: .application(name: "Playback", data: "beep"),
            timeoutMilliseconds: 30000
        )
        // Acknowledged, never answered: without cancellation the wait would last the 10 s grace plus the 30 s ring.
        let sent = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await #expect(throws: AMIClientError.cancelled(action: "Originate")) {
                    try await client.originate(request)
                }
            }
            let sent = try await server.waitForAction(named: "Originate")
            group.cancelAll()
            try await group.waitForAll()
            // A task cancelled before it asks never waits either.
            group.addTask {
                await #expect(throws: AMIClientError.cancelled(action: "Originate")) {
                    try await client.originate(request)
                }
            }
            try await group.waitForAll()
            return sent
        }

        // The client is unharmed: other actions are answered, and the late OriginateResponse of the cancelled
        // Originate still reaches the event stream (it is a broadcast event of the call).
        #expect(try await client.ping()["Ping"] == "Pong")
        #expect(server.receivedActions.count { $0.name == "Originate" } == 1, "the second was never sent")
        server.broadcast([
            AMIMessage([
                AMIHeader("Event", "OriginateResponse"), AMIHeader("ActionID", sent.actionID ?? ""),
                AMIHeader("Response", "Failure"), AMIHeader("Reason", "0"), AMIHeader("Uniqueid", "<unknown>"),
            ])
        ])
        try await events.wait("the late OriginateResponse") { $0.contains { $0.name == "OriginateResponse" } }
        await client.close()
        await server.stop()
    }

    @Test("replay at a speed keeps order and content")
    func scaledReplay() async throws {
        let recorded = (0..<5).map { index in
            AMIMessage([
                AMIHeader("Event", "Newstate"), AMIHeader("Privilege", "call,all"),
                AMIHeader("Timestamp", String(format: "1795564212.%06d", index * 20_000)),
                AMIHeader("Uniqueid", "1795564212.\(index)"),
            ])
        }
        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        let events = AsyncCollector(client.events)
        try await client.connect()
        try await events.wait("FullyBooted") { $0.count == 1 }
        await server.replay(events: recorded, speed: .scaled(100))
        let received = try await events.wait("5 events") { $0.count == 6 }
        #expect(Array(received.dropFirst()) == recorded)
        await client.close()
        await server.stop()
    }

    @Test("failed reconnect attempts are reported with their backoff, until a login succeeds again")
    func reconnectFailures() async throws {
        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: Self.configuration(port: server.port))
        let link = AsyncCollector(client.linkEvents)
        try await client.connect()
        server.setAcceptsLogin(false)
        server.dropConnections()
        let failures = try await link.wait("two failed attempts") { changes in
            changes.filter { if case .reconnectFailed = $0 { true } else { false } }.count >= 2
        }
        let attempts = failures.compactMap { change -> (Int, AMIClientError, Duration)? in
            if case .reconnectFailed(let attempt, let error, let delay) = change {
                (attempt, error, delay)
            } else {
                nil
            }
        }
        #expect(attempts.prefix(2).map(\.0) == [1, 2])
        #expect(attempts.allSatisfy { $0.1 == .authenticationFailed(message: "Authentication failed") })
        #expect(attempts.allSatisfy { $0.2 <= .milliseconds(100) })
        server.setAcceptsLogin(true)
        try await link.wait("reconnected") { $0.contains { if case .reconnected = $0 { true } else { false } } }
        #expect(try await client.ping()["Ping"] == "Pong")
        await client.close()
        await server.stop()
    }
}
