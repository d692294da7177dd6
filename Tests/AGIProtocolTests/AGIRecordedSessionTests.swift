import AGIProtocol
import TestSupport
import Testing

/// The FastAGI sessions recorded from a real Asterisk 22.10.1 (captures/agi/), replayed through the state machine.
@Suite("AGI sessions recorded from Asterisk 22")
struct AGIRecordedSessionTests {
    static func bytes(_ name: String) throws -> [UInt8] { try RepositoryFiles.bytes("captures/agi/\(name)") }

    @Test("route: the environment block, then 200 result=1 for each SET VARIABLE, then the closing HANGUP")
    func route() throws {
        let asterisk = try Self.bytes("route.agi")
        let sent = String(decoding: try Self.bytes("route.sent.agi"), as: UTF8.self)
        let blockEnd = try #require(asterisk.indices.first { asterisk[$0...].starts(with: [10, 10]) }) + 2
        var machine = AGISessionStateMachine()
        guard case .decide(let request) = machine.received(asterisk[..<blockEnd]) else {
            Issue.record("no request")
            return
        }
        #expect(request["network"] == "yes" && request["version"] == "22.10.1")
        #expect(request.script.path == "route" && request.url == "agi://127.0.0.1:4573/route")
        #expect(request.channel.hasPrefix("Local/79161234567@incoming-") && request.channel.hasSuffix(";2"))
        #expect(request.callerNumber == "79161234567" && request.dialedNumber == nil)
        #expect(request["accountcode"] == "" && request.environment.count == 22)
        let commands = [
            try AGICommand.setVariable("ROUTE_EXTEN", "202"), try AGICommand.setVariable("ROUTE_USER", "12"),
        ]
        #expect(commands.map(\.line).joined(separator: "\n") + "\n" == sent, "the listener's bytes are ours")
        #expect(machine.decided(AGIDecision(commands)) == .write(commands[0]))
        var replies = asterisk[blockEnd...]
        let first = replies.prefix { $0 != 10 }.count + 1
        #expect(machine.received(replies.prefix(first)) == .write(commands[1]))
        replies = replies.dropFirst(first)
        #expect(machine.received(replies) == .close(.completed(commands: 2)))
    }

    @Test("an unknown caller: the same block, nothing sent, Asterisk's HANGUP once the server closed")
    func unknownCaller() throws {
        var machine = AGISessionStateMachine()
        let asterisk = try Self.bytes("route-unknown-caller.agi")
        guard case .decide = machine.received(asterisk.dropLast("HANGUP\n".utf8.count)) else {
            Issue.record("no request")
            return
        }
        #expect(machine.decided(.nothing) == .close(.completed(commands: 0)))
        #expect(try Self.bytes("route-unknown-caller.sent.agi").isEmpty)
    }

    @Test("the caller hangs up while the server decides: HANGUP right after the block ends the session")
    func hangupWhileDeciding() throws {
        var machine = AGISessionStateMachine()
        #expect(machine.received(try Self.bytes("hangup-while-deciding.agi")) == .close(.hangup))
        #expect(machine.request?.callerNumber == "79161234567")
    }
}
